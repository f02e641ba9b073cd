// Browser-safe entry: pure computations on in-memory tables. The dataset's files are in '@wemoms/dataset/node'.
export {
  type BuildGroupsOptions,
  buildServingGroups,
  buildTestGroups,
  groupKey,
} from './build-test-groups.js';
export {
  type CandidateChunk,
  countCandidates,
  type ExpandOptions,
  expandCandidates,
} from './expand-candidates.js';
export {
  type CountStats,
  type GroupingDaySummary,
  type GroupingSummary,
  summariseGrouping,
} from './group-summary.js';
export {
  buildAllTestGroups,
  type Dataset,
  type DatasetSummary,
  type MakeDatasetOptions,
  makeDataset,
} from './make-dataset.js';
export { buildPostCatalog, NO_DAY, type PostCatalog, postsCreatedOn } from './post-catalog.js';
export { restrictCandidates } from './restrict-candidates.js';
export { groupSampleSalt, sampleGroups, sampleIndices } from './sample-groups.js';
export { type SeenPosts, seenPreviousDayPosts } from './seen-posts.js';
export {
  type LogSplit,
  type SplitPartSummary,
  type SplitSummary,
  splitLog,
  type TrainFilterSummary,
} from './split.js';
export {
  type DayRange,
  DEFAULT_SPLIT,
  daysOf,
  type ResolvedDayRange,
  type ResolvedSplitConfig,
  resolveSplitConfig,
  SPLIT_NAMES,
  type SplitConfig,
  type SplitName,
  STUDY_TRAIN_FILTER_MAX_ROWS,
  TRAIN_FILTER_RULES,
  type TrainFilterRule,
} from './split-config.js';
export { subsetGroups } from './subset-groups.js';
export {
  CANDIDATE_SET,
  type CandidateSet,
  GROUPINGS,
  type Grouping,
  type GroupKind,
  positivesOf,
  type TestGroups,
} from './test-groups.js';
