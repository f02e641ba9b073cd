// Node-only entry '@wemoms/features/node': parquet files and worker threads around the pure featuriser.
export {
  buildCategory,
  type CategoryBuildInput,
  type CategoryBuildResult,
} from './node/build-category.js';
export {
  featureParquetSpec,
  frameParquetColumns,
  ROW_KEY_COLUMNS,
} from './node/frame-parquet.js';
export { type MergeOptions, type MergeResult, mergeFeatures } from './node/merge.js';
export { shareContext } from './node/share-context.js';
export {
  type CandidateRows,
  type CandidateSource,
  type TestFeaturesResult,
  writeTestFeatures,
} from './node/test-features.js';
export { type WorkerEntry, workerEntry } from './node/worker-entry.js';
export { type BuildAllOptions, buildAllCategories, categoryPath } from './parallel.js';
