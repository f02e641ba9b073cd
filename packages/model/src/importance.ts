/**
 * What a model relies on: permutation importance (any model, through its score function: how much worse
 * the scores get when one feature's values are shuffled across rows) and, for the linear model, its
 * weights on the standardised inputs.
 */
import { seededRandom } from '@wemoms/data-schema';
import { gatherRows, logLoss, meanGroupAucOf, rocAuc } from '@wemoms/metrics';
import { LOGIT_LAYER } from './network.js';
import { inputLayout } from './preprocessing.js';
import type { Ranker } from './ranker.js';
import {
  type CategoricalColumn,
  type FeatureColumns,
  isCategoricalColumn,
  type LabelledData,
} from './types.js';

/** The scores of the unpermuted rows, and how each permuted feature changes them. */
export interface PermutationImportance {
  readonly rows: number;
  readonly repeats: number;
  readonly seed: number;
  readonly baseline: ImportanceMetrics;
  /** One entry per feature, in the data's spec order. */
  readonly features: readonly FeatureImportance[];
}

export interface ImportanceMetrics {
  readonly logLoss: number;
  readonly auc: number;
  /** Mean within-group AUC over the groups holding both classes (with `groups`), else NaN. */
  readonly groupAuc: number;
}

/** How much worse a metric gets with the feature permuted: mean, min and max over the repeats. */
export interface ImportanceSpread {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface FeatureImportance {
  readonly feature: string;
  /** Log loss with the feature permuted minus the baseline log loss (> 0: the feature helps). */
  readonly logLossIncrease: ImportanceSpread;
  /** Baseline AUC minus the AUC with the feature permuted. */
  readonly aucDrop: ImportanceSpread;
  /** Baseline within-group AUC minus the permuted one (NaN without groups). */
  readonly groupAucDrop: ImportanceSpread;
}

export interface PermutationOptions {
  /** Shuffles per feature (default 3). */
  readonly repeats?: number;
  /** Seed of the shuffles (default 7). */
  readonly seed?: number;
  /**
   * Groups for the within-group AUC (e.g. a user's impressions of a day): `rows` lists row indices group
   * after group, `offsets` (length groups + 1) delimits them.
   */
  readonly groups?: { readonly offsets: Int32Array; readonly rows: Int32Array };
  /**
   * The scores with one feature's column replaced and the others as in `data`: what `score` gives for those
   * columns, possibly computed faster (`Ranker.replacingScorer`: one pass over the replaced column for the
   * linear model instead of one over every column). Default: `score` of the replaced columns.
   */
  readonly scoreReplacing?: (feature: string, column: FeatureColumns[string]) => ArrayLike<number>;
}

function spread(values: readonly number[]): ImportanceSpread {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { mean: Number.NaN, min: Number.NaN, max: Number.NaN };
  return {
    mean: finite.reduce((s, v) => s + v, 0) / finite.length,
    min: Math.min(...finite),
    max: Math.max(...finite),
  };
}

/** A copy of `column` with its values shuffled across rows (Fisher-Yates, seeded). */
function shuffled(column: FeatureColumns[string], random: () => number): FeatureColumns[string] {
  const values = isCategoricalColumn(column) ? column.codes.slice() : column.slice();
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
  return isCategoricalColumn(column)
    ? ({ codes: values as Int32Array, dictionary: column.dictionary } satisfies CategoricalColumn)
    : (values as typeof column);
}

/**
 * Permutation importance of every feature of `data` for the model behind `score` (open probabilities):
 * each feature is shuffled `repeats` times (seeded) and the log loss, AUC and within-group AUC of the
 * shuffled rows compared with the unshuffled ones. Model-agnostic: it only calls `score`.
 * Cost: features x repeats scorings of the rows (with `scoreReplacing`, of one column each).
 */
export function permutationImportance(
  score: (columns: FeatureColumns) => ArrayLike<number>,
  data: LabelledData,
  options: PermutationOptions = {},
): PermutationImportance {
  const repeats = options.repeats ?? 3;
  const seed = options.seed ?? 7;
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new RangeError(`repeats: expected an integer >= 1, got ${repeats}`);
  const labels = new Float64Array(data.labels);
  const groups = options.groups;
  // The groups are laid out once; each measure gathers the scores into group order (gatherRows: the typed
  // arrays' `from` with a mapping function costs several times more at 65k rows x 300 scorings).
  const groupAucOf = groups ? meanGroupAucOf(groups.offsets, gatherRows(labels, groups.rows)) : null;
  const measure = (scores: ArrayLike<number>): ImportanceMetrics => {
    // Float scores are read as they are (the metrics compare float32 values exactly), others as float64.
    const s =
      scores instanceof Float32Array || scores instanceof Float64Array ? scores : Float64Array.from(scores);
    const groupAuc = groups && groupAucOf ? groupAucOf(gatherRows(s, groups.rows)) : Number.NaN;
    return { logLoss: logLoss(s, labels), auc: rocAuc(s, labels), groupAuc };
  };
  const baseline = measure(score(data.columns));
  const scoreReplacing =
    options.scoreReplacing ??
    ((feature: string, column: FeatureColumns[string]) => score({ ...data.columns, [feature]: column }));
  const random = seededRandom(seed);
  const features = data.specs.map((spec): FeatureImportance => {
    const loss: number[] = [];
    const auc: number[] = [];
    const groupAuc: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const m = measure(scoreReplacing(spec.name, shuffled(data.columns[spec.name], random)));
      loss.push(m.logLoss - baseline.logLoss);
      auc.push(baseline.auc - m.auc);
      groupAuc.push(baseline.groupAuc - m.groupAuc);
    }
    return {
      feature: spec.name,
      logLossIncrease: spread(loss),
      aucDrop: spread(auc),
      groupAucDrop: spread(groupAuc),
    };
  });
  return { rows: labels.length, repeats, seed, baseline, features };
}

/** One input slot of the linear model and its weight. */
export interface LinearWeight {
  /** The feature the slot belongs to. */
  readonly feature: string;
  /** The slot: `age`, `age#missing`, `country=FR`, `country=<oov>`... */
  readonly slot: string;
  /** Weight on the standardised input (numeric: per standard deviation; one-hot: for that value). */
  readonly weight: number;
  /**
   * The weight to read: for a numeric slot the weight itself; for a category's one-hot slot, its weight
   * minus the training-frequency-weighted mean of the feature's slots (one-hot weights are only defined up
   * to a shared shift, which the bias absorbs: raw, every slot of a many-valued feature looks large).
   */
  readonly relativeWeight: number;
}

/**
 * The weights of a linear ranker (logistic regression), one per input slot, with the bias; null for a
 * model with hidden layers (its weights say nothing per feature: use permutation importance).
 */
export function linearWeights(ranker: Ranker): { weights: LinearWeight[]; bias: number } | null {
  if (!ranker.isLinear) return null;
  const [kernel, bias] = ranker.model.getLayer(LOGIT_LAYER).getWeights();
  const w = kernel.dataSync();
  const layout = inputLayout(ranker.preprocessing);
  const weights: LinearWeight[] = [];
  ranker.preprocessing.features.forEach((feature, f) => {
    const first = layout.offsets[f];
    let shift = 0;
    if (feature.type === 'categorical') {
      // Slots: the vocabulary, then out-of-vocabulary, then missing (inputLayout's order).
      const counts = [...feature.counts, feature.outOfVocabularyCount, feature.missingCount];
      const total = counts.reduce((a, b) => a + b, 0);
      if (total > 0) shift = counts.reduce((sum, c, j) => sum + (c / total) * w[first + j], 0);
    }
    for (let s = first; s < first + layout.sizes[f]; s++)
      weights.push({
        feature: feature.name,
        slot: layout.slotNames[s],
        weight: w[s],
        relativeWeight: w[s] - shift,
      });
  });
  return { weights, bias: bias.dataSync()[0] };
}
