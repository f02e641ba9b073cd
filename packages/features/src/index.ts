// Browser-safe entry: pure computations on columnar data. File IO and worker threads live in
// '@wemoms/features/node'.
export { type ArrayAllocator, BufferArena, FRESH_ARRAYS } from './arena.js';
export {
  type AsOfRows,
  countWithoutEarlierObservation,
  postAsOf,
  postCountsAsOf,
  userAsOf,
} from './as-of.js';
export { type BatchMemo, type FeatureBatch, featureBatch } from './batch.js';
export { type FeaturizeCandidatesOptions, type FeaturizedChunk, featurizeCandidates } from './candidates.js';
export { createFeatureContext, type FeatureContextOptions } from './context.js';
export {
  DAYS_PER_YEAR,
  PRIOR_VIEWS,
  TASTE_WINDOWS,
  VELOCITY_AGE_OFFSET_HOURS,
  WINDOWS,
} from './definitions/constants.js';
export {
  ageBucketExpr,
  type CategoryDefinition,
  FEATURE_DEFINITIONS,
  type FeatureDefinition,
  getCategoryDefinition,
  globalOpenRateExpr,
  smoothedRateExpr,
} from './definitions/definitions.js';
export type {
  AsOfSource,
  BinaryOp,
  CategoryExpr,
  CompareOp,
  Expr,
  ListRef,
  StreamKey,
  TextRef,
  UnaryFn,
  WindowMatch,
  WindowMeasure,
} from './definitions/expr.js';
export { subExpressions } from './definitions/expr.js';
export { assertDefinitionsMatch, definitionMismatches } from './definitions/kernel-check.js';
export { buildCategoryFrame, featurize, queriesFromRows } from './featurize.js';
export { concatFrames, sliceFrame } from './frame.js';
export { POPULARITY_CATEGORY, POPULARITY_FEATURE, popularityScores } from './popularity-baseline.js';
// The demo's what-if recomputation advances author ages exactly as the userPostMatch category does.
export { advancedAgesInto, DAYS_PER_MONTH, elapsedDays } from './profile-time.js';
export { CATEGORIES, CATEGORY_NAMES, getCategory, RENAMED_CATEGORIES } from './registry.js';
export type {
  DictionaryColumn,
  FeatureCategory,
  FeatureColumn,
  FeatureContext,
  FeatureFrame,
  FeatureSpec,
  QueryKey,
  QueryPoints,
} from './types.js';
export * from './user-post-match.js';
