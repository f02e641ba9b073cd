// Node-only entry '@wemoms/features/node': parquet files and worker threads around the pure featuriser.
export {
  buildCategory,
  type CategoryBuildInput,
  type CategoryBuildResult,
} from './node/buildCategory.js';
export {
  featureParquetSpec,
  frameParquetColumns,
  ROW_KEY_COLUMNS,
} from './node/frameParquet.js';
export { type MergeOptions, type MergeResult, mergeFeatures } from './node/merge.js';
export { shareContext } from './node/shareContext.js';
export {
  type CandidateRows,
  type CandidateSource,
  type TestFeaturesResult,
  writeTestFeatures,
} from './node/testFeatures.js';
export { type BuildAllOptions, buildAllCategories, categoryPath } from './parallel.js';
