/**
 * @wemoms/experiments: online evaluation of the feed. Planning (sample size, design effect of several
 * impressions per user, days needed), analysis of an A/B test of CTR with user-level variance, the
 * sample-ratio-mismatch check, an always-valid sequential test (mSPRT) for daily peeking, and the verdict.
 * Browser-safe: pure functions on typed arrays and plain data.
 */
export { type Alternative, bonferroniAlpha, criticalZ } from './alternative.js';
export {
  type AnalysisOptions,
  type AnalysisSettings,
  type ArmResult,
  analyzeExperiment,
  type ComparisonResult,
  type CumulativeResult,
  compareArms,
  type DayResult,
  type ExperimentAnalysis,
  type SequentialComparison,
} from './analyze.js';
export { cumulativeLiftChart, dailyCtrChart } from './charts.js';
export {
  chiSquareSurvival,
  standardNormalCdf,
  standardNormalQuantile,
  twoSidedPValue,
  upperPValue,
} from './distributions.js';
export * from './format.js';
export {
  type ExperimentPlan,
  type MinimumEffect,
  type PlannedDuration,
  type PlanOptions,
  planExperiment,
} from './plan.js';
export * from './ratio.js';
export {
  analysisMarkdown,
  analysisMethod,
  analysisReportPage,
  analysisTables,
  planDurationTable,
  planMarkdown,
  planSummary,
  type ReportOptions,
} from './report.js';
export * from './sample-size.js';
export * from './sequential.js';
export * from './srm.js';
export { type SyntheticExperimentOptions, syntheticExperiment } from './synthetic.js';
export * from './table.js';
export {
  anovaIcc,
  type TrafficDay,
  type TrafficLog,
  type TrafficProfile,
  type TrafficWindow,
  trafficProfile,
} from './traffic.js';
export * from './verdict.js';
