/**
 * Training configuration. Defaults follow the original study (Adam 0.001, binary cross-entropy, 50 epochs,
 * early stopping on validation loss with patience 10, best weights restored) except the batch size: the
 * study used Keras' 32, which costs ~1,100 optimizer steps per epoch on 35k rows. With the same learning
 * rate, 512 still reaches its best validation loss within 50 epochs (1024 does not: it is still improving at
 * epoch 50) at a fraction of the wall time, since a step of a model this small costs its op dispatch, not its
 * arithmetic (see bench/).
 */
import type { PreprocessingOptions } from './preprocessing.js';

export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  /** Mean training objective over the epoch's batches (binary cross-entropy + L2 penalty). */
  readonly loss: number;
  /** Binary cross-entropy on the validation rows after the epoch. */
  readonly valLoss: number;
  /** ROC AUC on the validation rows after the epoch (NaN when validation has a single class). */
  readonly valAuc: number;
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
  /** Hidden layer sizes; empty (default) is logistic regression. */
  readonly hiddenSizes?: readonly number[];
  /** L2 penalty on the dense kernels, added to the mean loss (default 0). */
  readonly l2?: number;
  /** Called after every epoch (e.g. a TensorBoard writer, a progress bar). */
  readonly onEpochEnd?: (record: EpochRecord) => void | Promise<void>;
  /** Progress lines (default: silent). */
  readonly log?: (message: string) => void;
}

/** The numeric part of the config, as recorded in history.json. */
export interface ResolvedTrainingConfig extends Required<PreprocessingOptions> {
  readonly batchSize: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly patience: number;
  readonly seed: number;
  readonly hiddenSizes: readonly number[];
  readonly l2: number;
}

export const DEFAULT_RANKER_CONFIG: ResolvedTrainingConfig = {
  batchSize: 512,
  learningRate: 0.001,
  epochs: 50,
  patience: 10,
  seed: 42,
  hiddenSizes: [],
  l2: 0,
  minCategoryCount: 5,
  maxVocabularySize: 256,
};

/** Fills defaults and rejects nonsensical values with a message naming the field. */
export function resolveConfig(config: RankerConfig): ResolvedTrainingConfig {
  const resolved: ResolvedTrainingConfig = {
    batchSize: config.batchSize ?? DEFAULT_RANKER_CONFIG.batchSize,
    learningRate: config.learningRate ?? DEFAULT_RANKER_CONFIG.learningRate,
    epochs: config.epochs ?? DEFAULT_RANKER_CONFIG.epochs,
    patience: config.patience ?? DEFAULT_RANKER_CONFIG.patience,
    seed: config.seed ?? DEFAULT_RANKER_CONFIG.seed,
    hiddenSizes: [...(config.hiddenSizes ?? DEFAULT_RANKER_CONFIG.hiddenSizes)],
    l2: config.l2 ?? DEFAULT_RANKER_CONFIG.l2,
    minCategoryCount: config.minCategoryCount ?? DEFAULT_RANKER_CONFIG.minCategoryCount,
    maxVocabularySize: config.maxVocabularySize ?? DEFAULT_RANKER_CONFIG.maxVocabularySize,
  };
  const positiveIntegers = [
    'batchSize',
    'epochs',
    'patience',
    'minCategoryCount',
    'maxVocabularySize',
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
  if (!Number.isInteger(resolved.seed))
    throw new RangeError(`config.seed must be an integer, got ${resolved.seed}`);
  return resolved;
}
