/**
 * Training configuration. Defaults follow the original study (Adam 0.001, binary cross-entropy, 50 epochs,
 * early stopping on validation loss with patience 10, best weights restored) except the batch size: the
 * study used Keras' 32, which costs ~1,100 optimizer steps per epoch on 35k rows. With the same learning
 * rate, 512 still reaches its best validation loss within 50 epochs (1024 does not: it is still improving at
 * epoch 50) at a fraction of the wall time, since a step of a model this small costs its op dispatch, not its
 * arithmetic (see bench/). Two departures for ranking: with validation groups (the eval days' user-days),
 * early stopping watches NDCG@10 over them rather than the validation loss (the product is judged on its
 * ranking); and the model family and loss are choices (`type`, `loss`), the study's being `logreg` +
 * `pointwise`.
 */
import { RANKING_LOSSES, type RankingLoss } from './losses.js';
import type { PreprocessingOptions } from './preprocessing.js';

/** The model families: the study's logistic regression, an MLP, a DCN-v2 cross network. */
export const RANKER_TYPES = ['logreg', 'mlp', 'cross'] as const;
export type RankerType = (typeof RANKER_TYPES)[number];

/**
 * What early stopping (and the best epoch kept) watches on the validation rows: NDCG@k or MAP@k over the
 * validation groups with a positive and a negative (higher is better), binary cross-entropy (lower), ROC AUC
 * (higher).
 */
export const EARLY_STOPPING_METRICS = ['ndcg', 'map', 'loss', 'auc'] as const;
export type EarlyStoppingMetric = (typeof EARLY_STOPPING_METRICS)[number];

export { RANKING_LOSSES, type RankingLoss };

export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  /** Mean training objective over the epoch's batches (the configured loss + L2 penalty). */
  readonly loss: number;
  /** Binary cross-entropy on the validation rows after the epoch. */
  readonly valLoss: number;
  /** ROC AUC on the validation rows after the epoch (NaN when validation has a single class). */
  readonly valAuc: number;
  /** NDCG@k (config.rankingK) over the validation groups with a positive and a negative (NaN without groups). */
  readonly valNdcg: number;
  /** MAP@k over the same groups (NaN without groups). */
  readonly valMap: number;
  /** Wall time since training started (preprocessing included), at the end of this epoch's validation. */
  readonly elapsedMs: number;
}

export interface RankerConfig extends PreprocessingOptions {
  /** Rows per optimizer step (default 512; the study used 32). */
  readonly batchSize?: number;
  /** Adam learning rate (default 0.001). */
  readonly learningRate?: number;
  /** Maximum epochs (default 50). */
  readonly epochs?: number;
  /** Stop after this many epochs without a validation-loss improvement (default 10); best weights are restored. */
  readonly patience?: number;
  /** Seed of the initialisers and of the per-epoch shuffles (default 42). */
  readonly seed?: number;
  /**
   * Model family (default: `DEFAULT_RANKER_CONFIG.type`; when only `hiddenSizes` is given, `mlp` for a
   * non-empty list and `logreg` for an empty one). `logreg` ignores `hiddenSizes`; `cross` stacks
   * `hiddenSizes` (possibly none) on its cross layers.
   */
  readonly type?: RankerType;
  /** Hidden layer sizes of `mlp` and `cross` (default [16]). */
  readonly hiddenSizes?: readonly number[];
  /** Cross layers of `cross` (default 1). */
  readonly crossLayers?: number;
  /** Rank of the cross layers' factorised weights (default 8). */
  readonly crossRank?: number;
  /**
   * Training loss (default `pointwise`: binary cross-entropy per row). `pairwise` (RankNet) and `listwise`
   * (softmax cross-entropy) need `train.groups`.
   */
  readonly loss?: RankingLoss;
  /** Weight of the pointwise loss added to a pairwise or listwise loss (default 0: none). */
  readonly pointwiseWeight?: number;
  /**
   * Early-stopping metric on the validation rows (default `ndcg` when `validation.groups` is given, else
   * `loss`).
   */
  readonly earlyStopping?: EarlyStoppingMetric;
  /** Cut-off k of the validation NDCG@k and MAP@k (default 10). */
  readonly rankingK?: number;
  /** L2 penalty on the weight matrices (dense kernels, cross V and U), added to the mean loss (default 0). */
  readonly l2?: number;
  /** Called after every epoch (e.g. a TensorBoard writer, a progress bar). */
  readonly onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
  /** Progress lines (default: silent). */
  readonly log?: (message: string) => void;
}

/**
 * The numeric part of the config, as recorded in history.json (resolved: `hiddenSizes` empty for `logreg`,
 * `crossLayers` 0 unless `cross`, `earlyStopping` chosen). `DEFAULT_RANKER_CONFIG` has the same shape and
 * holds the default of every key.
 */
export interface ResolvedTrainingConfig extends Required<PreprocessingOptions> {
  readonly batchSize: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly patience: number;
  readonly seed: number;
  readonly type: RankerType;
  readonly hiddenSizes: readonly number[];
  readonly crossLayers: number;
  readonly crossRank: number;
  readonly loss: RankingLoss;
  readonly pointwiseWeight: number;
  readonly earlyStopping: EarlyStoppingMetric;
  readonly rankingK: number;
  readonly l2: number;
}

export const DEFAULT_RANKER_CONFIG: ResolvedTrainingConfig = {
  batchSize: 512,
  learningRate: 0.001,
  epochs: 50,
  patience: 10,
  seed: 42,
  type: 'logreg',
  hiddenSizes: [16],
  crossLayers: 1,
  crossRank: 8,
  loss: 'pointwise',
  pointwiseWeight: 0,
  earlyStopping: 'ndcg',
  rankingK: 10,
  l2: 0,
  minCategoryCount: 5,
  maxVocabularySize: 256,
  logTransform: 'none',
};

/**
 * Fills defaults and rejects nonsensical values with a message naming the field.
 * @param context.validationGroups whether the validation rows come with groups (the default early-stopping
 * metric is NDCG@k with them, validation loss without).
 */
export function resolveConfig(
  config: RankerConfig,
  context: { validationGroups?: boolean } = {},
): ResolvedTrainingConfig {
  const hiddenSizes = [...(config.hiddenSizes ?? DEFAULT_RANKER_CONFIG.hiddenSizes)];
  // Explicit hidden sizes without a type keep their historical meaning: none is logistic regression.
  const type =
    config.type ??
    (config.hiddenSizes === undefined
      ? DEFAULT_RANKER_CONFIG.type
      : hiddenSizes.length > 0
        ? 'mlp'
        : 'logreg');
  if (!(RANKER_TYPES as readonly string[]).includes(type))
    throw new RangeError(`config.type must be one of ${RANKER_TYPES.join(', ')}, got ${type}`);
  if (type === 'mlp' && hiddenSizes.length === 0)
    throw new RangeError('config.type mlp needs hiddenSizes (e.g. [32])');
  const loss = config.loss ?? DEFAULT_RANKER_CONFIG.loss;
  if (!(RANKING_LOSSES as readonly string[]).includes(loss))
    throw new RangeError(`config.loss must be one of ${RANKING_LOSSES.join(', ')}, got ${loss}`);
  const earlyStopping =
    config.earlyStopping ?? (context.validationGroups ? DEFAULT_RANKER_CONFIG.earlyStopping : 'loss');
  if (!(EARLY_STOPPING_METRICS as readonly string[]).includes(earlyStopping))
    throw new RangeError(
      `config.earlyStopping must be one of ${EARLY_STOPPING_METRICS.join(', ')}, got ${earlyStopping}`,
    );
  const resolved: ResolvedTrainingConfig = {
    batchSize: config.batchSize ?? DEFAULT_RANKER_CONFIG.batchSize,
    learningRate: config.learningRate ?? DEFAULT_RANKER_CONFIG.learningRate,
    epochs: config.epochs ?? DEFAULT_RANKER_CONFIG.epochs,
    patience: config.patience ?? DEFAULT_RANKER_CONFIG.patience,
    seed: config.seed ?? DEFAULT_RANKER_CONFIG.seed,
    type,
    hiddenSizes: type === 'logreg' ? [] : hiddenSizes,
    crossLayers: type === 'cross' ? (config.crossLayers ?? DEFAULT_RANKER_CONFIG.crossLayers) : 0,
    crossRank: config.crossRank ?? DEFAULT_RANKER_CONFIG.crossRank,
    loss,
    pointwiseWeight: config.pointwiseWeight ?? DEFAULT_RANKER_CONFIG.pointwiseWeight,
    earlyStopping,
    rankingK: config.rankingK ?? DEFAULT_RANKER_CONFIG.rankingK,
    l2: config.l2 ?? DEFAULT_RANKER_CONFIG.l2,
    minCategoryCount: config.minCategoryCount ?? DEFAULT_RANKER_CONFIG.minCategoryCount,
    maxVocabularySize: config.maxVocabularySize ?? DEFAULT_RANKER_CONFIG.maxVocabularySize,
    logTransform: config.logTransform ?? DEFAULT_RANKER_CONFIG.logTransform,
  };
  if (resolved.logTransform !== 'auto' && resolved.logTransform !== 'none')
    throw new RangeError(`config.logTransform must be auto or none, got ${resolved.logTransform}`);
  const positiveIntegers = [
    'batchSize',
    'epochs',
    'patience',
    'minCategoryCount',
    'maxVocabularySize',
    'crossRank',
    'rankingK',
  ] as const;
  for (const key of positiveIntegers) {
    const v = resolved[key];
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`config.${key} must be a positive integer, got ${v}`);
  }
  if (!(resolved.learningRate > 0 && Number.isFinite(resolved.learningRate))) {
    throw new RangeError(`config.learningRate must be a positive number, got ${resolved.learningRate}`);
  }
  if (!(resolved.l2 >= 0 && Number.isFinite(resolved.l2))) {
    throw new RangeError(`config.l2 must be a non-negative number, got ${resolved.l2}`);
  }
  if (!(resolved.pointwiseWeight >= 0 && Number.isFinite(resolved.pointwiseWeight))) {
    throw new RangeError(
      `config.pointwiseWeight must be a non-negative number, got ${resolved.pointwiseWeight}`,
    );
  }
  if (type === 'cross' && !(Number.isInteger(resolved.crossLayers) && resolved.crossLayers >= 1)) {
    throw new RangeError(`config.crossLayers must be a positive integer, got ${resolved.crossLayers}`);
  }
  resolved.hiddenSizes.forEach((units, i) => {
    if (!Number.isInteger(units) || units < 1)
      throw new RangeError(`config.hiddenSizes[${i}] must be a positive integer, got ${units}`);
  });
  if (!Number.isInteger(resolved.seed))
    throw new RangeError(`config.seed must be an integer, got ${resolved.seed}`);
  return resolved;
}
