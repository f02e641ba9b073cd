/**
 * @wemoms/model: a TensorFlow.js ranker whose preprocessing (standardisation statistics, category
 * vocabularies) travels with its weights. Browser-safe: Node-only IO and backends live in `@wemoms/model/node`.
 */
export {
  HISTORY_FILE,
  type LoadOptions,
  loadRankerFromUrl,
  MODEL_FILE,
  type ModelJson,
  PREPROCESSING_FILE,
  parsePreprocessing,
  type RankerArtifacts,
  rankerFromArtifacts,
  rankerToArtifacts,
  WEIGHTS_FILE,
} from './artifacts.js';
export {
  activateFirstBackend,
  BACKEND_NAMES,
  type BackendChoice,
  type BackendName,
  type BackendPreference,
  describeBackendChoice,
  parseBackendPreference,
  type SelectBackendOptions,
  type SkippedBackend,
  selectBrowserBackend,
} from './backend.js';
export {
  DEFAULT_RANKER_CONFIG,
  EARLY_STOPPING_METRICS,
  type EarlyStoppingMetric,
  type EpochRecord,
  RANKER_TYPES,
  type RankerConfig,
  type RankerType,
  type ResolvedTrainingConfig,
  resolveConfig,
} from './config.js';
export { CrossLayer, type CrossLayerArgs, registerCustomLayers } from './cross-layer.js';
export { createFeatureEncoder, type EncoderOptions, encodeFeatures, type FeatureEncoder } from './encode.js';
export {
  assertColumnsMatch,
  assertSameSchema,
  FeatureSchemaError,
  featureSchemaHash,
} from './feature-schema.js';
export { HISTORY_FORMAT, parseHistory, type TrainingHistory } from './history.js';
export {
  type FeatureImportance,
  type ImportanceMetrics,
  type ImportanceSpread,
  type LinearWeight,
  linearWeights,
  type PermutationImportance,
  type PermutationOptions,
  permutationImportance,
} from './importance.js';
export { createObjective, type Objective, RANKING_LOSSES, type RankingLoss } from './losses.js';
export { buildNetwork, type CrossShape, LOGIT_LAYER, PROBABILITY_LAYER } from './network.js';
export {
  type CategoricalFeaturePreprocessing,
  DEFAULT_PREPROCESSING_OPTIONS,
  type FeaturePreprocessing,
  fitPreprocessing,
  type InputLayout,
  inputLayout,
  type NumericFeaturePreprocessing,
  PREPROCESSING_FORMAT,
  type Preprocessing,
  type PreprocessingOptions,
} from './preprocessing.js';
export {
  type ContributionOptions,
  type Contributions,
  DEFAULT_SCORE_BATCH_ROWS,
  Ranker,
  type ScoreOptions,
} from './ranker.js';
export { trainRanker } from './train.js';
export {
  type CategoricalColumn,
  type FeatureColumns,
  type FeatureSpec,
  type FeatureType,
  isCategoricalColumn,
  isNumericColumn,
  type LabelledData,
  type NumericColumn,
} from './types.js';
export { MODEL_PACKAGE_VERSION } from './version.js';
