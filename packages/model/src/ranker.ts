/**
 * A trained ranker: the network plus the preprocessing it was trained with. Scores raw feature columns
 * (schema-checked), ranks candidates within groups with the shared tie-break, explains scores.
 */
import * as tf from '@tensorflow/tfjs';
import { type NumericColumn as MetricsColumn, rankWithinGroups } from '@wemoms/metrics';
import { createFeatureEncoder, type EncoderOptions, encodeFeatures } from './encode.js';
import type { TrainingHistory } from './history.js';
import { createLinearScorer, type LinearScorer } from './linear-scorer.js';
import { hiddenLayerCount, LOGIT_LAYER, logitModel } from './network.js';
import { inputLayout, type Preprocessing } from './preprocessing.js';
import { selectRows } from './select-rows.js';
import type { FeatureColumns } from './types.js';

/** Rows per forward pass when scoring: large enough to amortise op dispatch, small enough to stay in cache. */
export const DEFAULT_SCORE_BATCH_ROWS = 8192;

export interface ScoreOptions extends Pick<EncoderOptions, 'allowExtra'> {
  /** Rows per forward pass (default 8192). */
  readonly batchRows?: number;
  /**
   * `graph` runs the TensorFlow.js network on the encoded matrix. `folded` (linear model only) computes the
   * same logit in plain JS from the network's weights without building the matrix: mathematically identical,
   * within float32 rounding of the graph (tested at 1e-6), and several times faster. `auto` (default) folds
   * when the model is linear.
   */
  readonly path?: 'auto' | 'graph' | 'folded';
}

/** Per-feature contributions to the logit of selected rows. */
export interface Contributions {
  /** Feature names, in the model's feature order (columns of `values`). */
  readonly features: readonly string[];
  /** Row-major `rows x features`: each feature's share of the row's logit. */
  readonly values: Float32Array;
  /**
   * The rest of each row's logit: the model's bias for the linear model (then `bias + sum(values) = logit`
   * exactly); for an MLP, the residual `logit - sum(values)` of the gradient x input approximation.
   */
  readonly bias: Float32Array;
  /** The logit of each selected row. */
  readonly logits: Float32Array;
  /** `exact` for logistic regression (weight x encoded input, summed over a feature's slots). */
  readonly method: 'exact' | 'gradientTimesInput';
}

export class Ranker {
  readonly #logits: tf.LayersModel;
  /** The folded linear model, built at the first folded score (the weights of a ranker do not change). */
  #linear: LinearScorer | undefined;

  /** Wraps a network built by `buildNetwork` (or loaded from its saved topology) and its preprocessing. */
  constructor(
    readonly model: tf.LayersModel,
    readonly preprocessing: Preprocessing,
    readonly history: TrainingHistory,
  ) {
    const width = model.inputs[0].shape[1];
    if (width !== preprocessing.inputWidth) {
      throw new Error(
        `model takes ${width} inputs but its preprocessing encodes ${preprocessing.inputWidth}`,
      );
    }
    this.#logits = logitModel(model);
  }

  /** True for logistic regression (no hidden layer). */
  get isLinear(): boolean {
    return hiddenLayerCount(this.model) === 0;
  }

  /**
   * Open probability of every row of `columns` (raw feature values; the saved preprocessing is applied).
   * Throws a FeatureSchemaError naming missing, extra and retyped features when `columns` do not match the
   * training schema.
   */
  score(columns: FeatureColumns, options: ScoreOptions = {}): Float32Array {
    const encoder = createFeatureEncoder(this.preprocessing, columns, options);
    const path = options.path ?? 'auto';
    if (path === 'folded' && !this.isLinear)
      throw new Error('score: the folded path needs the linear model (no hidden layer)');
    if (path !== 'graph' && this.isLinear) {
      const scores = new Float32Array(encoder.rows);
      this.#linearScorer().probabilities(columns, encoder, scores);
      return scores;
    }
    const batchRows = Math.max(1, Math.min(options.batchRows ?? DEFAULT_SCORE_BATCH_ROWS, encoder.rows));
    const width = encoder.width;
    const buffer = new Float32Array(batchRows * width);
    const scores = new Float32Array(encoder.rows);
    for (let start = 0; start < encoder.rows; start += batchRows) {
      const m = Math.min(batchRows, encoder.rows - start);
      encoder.encodeRows(start, start + m, buffer);
      const out = tf.tidy(
        () => this.model.apply(tf.tensor2d(buffer.subarray(0, m * width), [m, width])) as tf.Tensor,
      );
      scores.set(out.dataSync(), start);
      out.dispose();
    }
    return scores;
  }

  #linearScorer(): LinearScorer {
    if (!this.#linear) {
      const [kernel, bias] = this.model.getLayer(LOGIT_LAYER).getWeights();
      this.#linear = createLinearScorer(
        this.preprocessing,
        kernel.dataSync() as Float32Array,
        bias.dataSync()[0],
      );
    }
    return this.#linear;
  }

  /**
   * 1-based rank of every candidate within its group (CSR `offsets`), by score descending then `tieKeys`
   * ascending (post-id rank): the shared deterministic ranking of @wemoms/metrics.
   */
  rank(
    offsets: Int32Array,
    columns: FeatureColumns,
    tieKeys: MetricsColumn,
    options: ScoreOptions = {},
  ): Int32Array {
    return rankWithinGroups(offsets, this.score(columns, options), tieKeys);
  }

  /**
   * Explains the logit of the given rows feature by feature. Exact for the linear model (weight x
   * standardised value, summed over a categorical feature's one-hot slots and a numeric feature's missing
   * indicator); gradient x input for an MLP (an approximation: the residual goes to `bias`).
   */
  contributions(
    columns: FeatureColumns,
    rows: ArrayLike<number>,
    options: Pick<ScoreOptions, 'allowExtra'> = {},
  ): Contributions {
    const selected = selectRows(this.preprocessing.featureSpecs, columns, rows, options.allowExtra ?? false);
    const { matrix, rows: n, width } = encodeFeatures(this.preprocessing, selected);
    const layout = inputLayout(this.preprocessing);
    const features = this.preprocessing.featureSpecs.map((s) => s.name);
    const f = features.length;
    const values = new Float32Array(n * f);
    const bias = new Float32Array(n);
    const logits = new Float32Array(n);
    // Per-slot multiplier of the input: the kernel (linear) or the gradient of the logit (MLP).
    let slotWeights: Float32Array;
    let slotStride: number;
    if (this.isLinear) {
      const [kernel, b] = this.model.getLayer(LOGIT_LAYER).getWeights();
      slotWeights = kernel.dataSync() as Float32Array;
      slotStride = 0;
      bias.fill(b.dataSync()[0]);
    } else {
      slotWeights = tf.tidy(() => {
        const x = tf.tensor2d(matrix, [n, width]);
        // Rows are independent, so the gradient of the summed logits is each row's own gradient.
        return tf
          .grad((input: tf.Tensor) => tf.sum(this.#logits.apply(input) as tf.Tensor))(x)
          .dataSync() as Float32Array;
      });
      slotStride = width;
    }
    const z = tf.tidy(() => this.#logits.apply(tf.tensor2d(matrix, [n, width])) as tf.Tensor);
    logits.set(z.dataSync());
    z.dispose();
    for (let r = 0; r < n; r++) {
      let total = 0;
      for (let j = 0; j < f; j++) {
        let c = 0;
        for (let s = layout.offsets[j], end = s + layout.sizes[j]; s < end; s++) {
          c += slotWeights[r * slotStride + s] * matrix[r * width + s];
        }
        values[r * f + j] = c;
        total += c;
      }
      if (!this.isLinear) bias[r] = logits[r] - total;
    }
    return { features, values, bias, logits, method: this.isLinear ? 'exact' : 'gradientTimesInput' };
  }

  /** Frees the network's weights. */
  dispose(): void {
    this.model.dispose();
  }
}
