/**
 * A trained ranker: the network plus the preprocessing it was trained with. Scores raw feature columns
 * (schema-checked), ranks candidates within groups with the shared tie-break, explains scores.
 */
import * as tf from '@tensorflow/tfjs';
import { type NumericColumn as MetricsColumn, rankWithinGroups } from '@wemoms/metrics';
import { compactRows } from './compact-rows.js';
import { createFeatureEncoder, type EncoderOptions, encodeFeatures } from './encode.js';
import type { TrainingHistory } from './history.js';
import { createLinearScorer, type LinearScorer } from './linear-scorer.js';
import { crossLayerCount, hiddenLayerCount, LOGIT_LAYER, logitModel } from './network.js';
import { createNetworkForward } from './network-forward.js';
import { readNetworkParams } from './network-params.js';
import { createNetworkScorer, type NetworkScorer } from './network-scorer.js';
import { inputLayout, type Preprocessing } from './preprocessing.js';
import { selectRows } from './select-rows.js';
import { columnLength, type FeatureColumns, isCategoricalColumn } from './types.js';

/** Rows per forward pass when scoring: large enough to amortise op dispatch, small enough to stay in cache. */
export const DEFAULT_SCORE_BATCH_ROWS = 8192;

export interface ScoreOptions extends Pick<EncoderOptions, 'allowUnexpected'> {
  /** Rows per forward pass (default 8192). */
  readonly batchRows?: number;
  /**
   * `graph` runs the TensorFlow.js network on the encoded matrix. `js` computes the same logit in plain JS
   * from the network's weights without building the one-hot matrix: the folded linear scorer for the linear
   * model (within float32 rounding of the graph, tested at 1e-6), the compact forward pass for an MLP or a
   * cross network (tested at 1e-5); several times faster, and identical whatever the backend. `folded` is
   * `js` restricted to the linear model. `auto` (default) is `js`.
   */
  readonly path?: 'auto' | 'graph' | 'js' | 'folded';
}

/** Per-feature contributions to the logit of selected rows. */
export interface Contributions {
  /** Feature names, in the model's feature order (columns of `values`). */
  readonly features: readonly string[];
  /** Row-major `rows x features`: each feature's share of the row's logit. */
  readonly values: Float32Array;
  /**
   * The rest of each row's logit, `logit - sum(values)`: the model's bias for the linear model (exact
   * decomposition); for a non-linear model the intercept plus the interactions occlusion does not assign to a
   * single feature.
   */
  readonly bias: Float32Array;
  /** The logit of each selected row. */
  readonly logits: Float32Array;
  /**
   * `exact` for logistic regression: weight x encoded input, summed over a feature's slots (then
   * `bias + sum(values) = logit` exactly). `occlusion` for non-linear models: a feature's value is
   * `logit(row) - logit(row with the feature's inputs zeroed)`, i.e. with a numeric feature at its training
   * mean (and not missing) and a categorical feature in no slot; for a linear model that is exactly its
   * `exact` contribution.
   */
  readonly method: 'exact' | 'occlusion';
}

/** Options of `Ranker.contributions`. */
export interface ContributionOptions extends Pick<ScoreOptions, 'allowUnexpected'> {
  /** `auto` (default): exact for the linear model, occlusion otherwise. `occlusion` works for every model. */
  readonly method?: 'auto' | 'occlusion';
}

export class Ranker {
  readonly #logits: tf.LayersModel;
  /** The folded linear model, built at the first folded score (the weights of a ranker do not change). */
  #linear: LinearScorer | undefined;
  /** The JS forward pass of a non-linear network, built at its first JS score. */
  #network: NetworkScorer | undefined;

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

  /** True for logistic regression (no hidden and no cross layer). */
  get isLinear(): boolean {
    return hiddenLayerCount(this.model) === 0 && crossLayerCount(this.model) === 0;
  }

  /**
   * Open probability of every row of `columns` (raw feature values; the saved preprocessing is applied).
   * Throws a FeatureSchemaError naming missing, unexpected and retyped features when `columns` do not match the
   * training schema.
   */
  score(columns: FeatureColumns, options: ScoreOptions = {}): Float32Array {
    const path = options.path ?? 'auto';
    if (path === 'folded' && !this.isLinear)
      throw new Error('score: the folded path needs the linear model (no hidden or cross layer)');
    if (path !== 'graph' && !this.isLinear) return this.#networkScorer().probabilities(columns, options);
    const encoder = createFeatureEncoder(this.preprocessing, columns, options);
    if (path !== 'graph') {
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

  /**
   * Scores of `columns` with one feature's column replaced at a time, for many replacements of the same rows
   * (permutation importance). For the linear model the logit is a constant plus one term per feature, so a
   * call costs one pass over the replaced column (the rest is scored once, here) instead of one over every
   * column; its probabilities equal `score`'s of the replaced columns to float rounding (the terms are
   * summed in another order). Other models, a replacement of another length or kind, an unknown feature and
   * a row the fast path cannot score go through `score` (and its errors).
   */
  replacingScorer(
    columns: FeatureColumns,
    options: ScoreOptions = {},
  ): (feature: string, column: FeatureColumns[string]) => Float32Array {
    const rescore = (feature: string, column: FeatureColumns[string]): Float32Array =>
      this.score({ ...columns, [feature]: column }, options);
    if (!this.isLinear || options.path === 'graph') return rescore;
    const encoder = createFeatureEncoder(this.preprocessing, columns, options);
    const linear = this.#linearScorer();
    const rows = encoder.rows;
    const logits = new Float64Array(rows);
    linear.logits(columns, encoder, logits);
    const known = new Set(this.preprocessing.featureSpecs.map((spec) => spec.name));
    // The replaced feature's own terms, computed once per feature (a caller shuffles each one a few times).
    const before = new Float64Array(rows);
    const after = new Float64Array(rows);
    let termsOf: string | null = null;
    return (feature, column) => {
      const original = columns[feature];
      if (
        !known.has(feature) ||
        columnLength(column) !== rows ||
        isCategoricalColumn(column) !== isCategoricalColumn(original)
      )
        return rescore(feature, column);
      if (termsOf !== feature) {
        linear.term(feature, original, before);
        termsOf = feature;
      }
      linear.term(feature, column, after);
      const scores = new Float32Array(rows);
      for (let i = 0; i < rows; i++) {
        const z = logits[i] - before[i] + after[i];
        // A value the fast path cannot score: the checked path computes the row or throws its error.
        if (z - z !== 0) return rescore(feature, column);
        scores[i] = 1 / (1 + Math.exp(-z));
      }
      return scores;
    };
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

  #networkScorer(): NetworkScorer {
    this.#network ??= createNetworkScorer(this.preprocessing, readNetworkParams(this.model));
    return this.#network;
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
   * Explains the logit of the given rows feature by feature: exactly for the linear model (weight x
   * standardised value, summed over a categorical feature's one-hot slots and a numeric feature's missing
   * indicator), by occlusion for the others (see `Contributions.method`). Occlusion costs one forward pass
   * per feature and row (plain JS): cheap for the handful of rows an explanation shows.
   */
  contributions(
    columns: FeatureColumns,
    rows: ArrayLike<number>,
    options: ContributionOptions = {},
  ): Contributions {
    const selected = selectRows(
      this.preprocessing.featureSpecs,
      columns,
      rows,
      options.allowUnexpected ?? false,
    );
    const features = this.preprocessing.featureSpecs.map((s) => s.name);
    if (this.isLinear && (options.method ?? 'auto') === 'auto')
      return this.#exactContributions(selected, features);
    return this.#occlusion(selected, features);
  }

  #exactContributions(selected: FeatureColumns, features: string[]): Contributions {
    const { matrix, rows: n, width } = encodeFeatures(this.preprocessing, selected);
    const layout = inputLayout(this.preprocessing);
    const f = features.length;
    const values = new Float32Array(n * f);
    const bias = new Float32Array(n);
    const logits = new Float32Array(n);
    const [kernel, b] = this.model.getLayer(LOGIT_LAYER).getWeights();
    const weights = kernel.dataSync() as Float32Array;
    bias.fill(b.dataSync()[0]);
    const z = tf.tidy(() => this.#logits.apply(tf.tensor2d(matrix, [n, width])) as tf.Tensor);
    logits.set(z.dataSync());
    z.dispose();
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < f; j++) {
        let c = 0;
        for (let s = layout.offsets[j], end = s + layout.sizes[j]; s < end; s++)
          c += weights[s] * matrix[r * width + s];
        values[r * f + j] = c;
      }
    }
    return { features, values, bias, logits, method: 'exact' };
  }

  /** Occlusion in the compact form: row copies with one feature's numeric inputs zeroed or its block unset. */
  #occlusion(selected: FeatureColumns, features: string[]): Contributions {
    const compact = compactRows(this.preprocessing, selected);
    const n = compact.rows;
    const f = features.length;
    const numericWidth = compact.numericSlots.length;
    const blocks = compact.blockStarts.length;
    const copies = n * (f + 1);
    const numeric = new Float32Array(copies * numericWidth);
    const hot = new Int32Array(copies * blocks);
    // Which compact columns each feature owns: numeric inputs [from, to), or a block index.
    const owned: { from: number; to: number; block: number }[] = [];
    let j = 0;
    let b = 0;
    for (const feature of this.preprocessing.features) {
      if (feature.type === 'numeric') {
        const width = feature.missingIndicator ? 2 : 1;
        owned.push({ from: j, to: j + width, block: -1 });
        j += width;
      } else owned.push({ from: 0, to: 0, block: b++ });
    }
    for (let r = 0; r < n; r++) {
      for (let c = 0; c <= f; c++) {
        const copy = r * (f + 1) + c;
        numeric.set(compact.numeric.subarray(r * numericWidth, (r + 1) * numericWidth), copy * numericWidth);
        hot.set(compact.hot.subarray(r * blocks, (r + 1) * blocks), copy * blocks);
        if (c === f) continue; // the last copy is the row itself
        const { from, to, block } = owned[c];
        numeric.fill(0, copy * numericWidth + from, copy * numericWidth + to);
        if (block >= 0) hot[copy * blocks + block] = -1;
      }
    }
    const z = new Float64Array(copies);
    createNetworkForward(readNetworkParams(this.model), compact.numericSlots, blocks).logits(
      numeric,
      hot,
      0,
      copies,
      z,
      0,
    );
    const values = new Float32Array(n * f);
    const bias = new Float32Array(n);
    const logits = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      const full = z[r * (f + 1) + f];
      let total = 0;
      for (let c = 0; c < f; c++) {
        const v = full - z[r * (f + 1) + c];
        values[r * f + c] = v;
        total += v;
      }
      logits[r] = full;
      bias[r] = full - total;
    }
    return { features, values, bias, logits, method: 'occlusion' };
  }

  /** Frees the network's weights. */
  dispose(): void {
    this.model.dispose();
  }
}
