/**
 * @wemoms/metrics: ranking metrics on columnar inputs (CSR groups, typed arrays), the shared deterministic
 * tie-break, baselines scored by the same code, and the shaping of the metrics report. Browser-safe.
 */
export { RankersAccumulator, RankingAccumulator } from './accumulator.js';
export { rocAuc } from './auc.js';
export {
  evaluateRankers,
  NON_PROBABILITY_RANKERS,
  type RankerScores,
  type RankersInput,
} from './baselines.js';
export {
  type BootstrapOptions,
  type BootstrapResult,
  bootstrapGroupMetrics,
  type Interval,
} from './bootstrap.js';
export {
  type Calibration,
  type CalibrationBin,
  type CalibrationOptions,
  calibrationBins,
} from './calibration.js';
export {
  type EvaluateOptions,
  evaluateRanking,
  type RankingEvaluation,
  type RankingInput,
} from './evaluate.js';
export { meanGroupAucOf } from './group-auc.js';
export {
  evaluateGroups,
  evaluateGroupsOfRankers,
  type GroupMetrics,
  type GroupSummary,
  groupMetricKeys,
  type RankCurvePoint,
  rankCurves,
  summarizeGroups,
} from './group-metrics.js';
export { type GroupLayout, gatherRows, groupOffsetsFromIds } from './groups.js';
export { type InformativeGroups, informativeGroups } from './informative-groups.js';
export { areProbabilities, LOG_LOSS_EPS, logLoss } from './log-loss.js';
export { exposureCaveat, formatMetricsMarkdown } from './markdown.js';
export { type MetricRow, metricKeys } from './metric-row.js';
export { type TopItemFigures, TopItemTally, topItemFigures } from './product.js';
export { proportionInterval } from './proportion.js';
export { randomScores } from './random.js';
export { compareRanked, orderWithinGroups, ranksFromOrder, rankWithinGroups } from './ranking.js';
export {
  buildMetricsReport,
  EXPOSURE_BIASED_GROUPINGS,
  GROUPINGS,
  type GroupingCounts,
  type GroupingName,
  type JsonMetricRow,
  type JsonValue,
  type MetricsReport,
  type MetricsReportInput,
} from './report.js';
export type { GroupIdColumn, NumericColumn } from './types.js';
