export { DEFAULT_OUT as DEFAULT_SYNTHETIC_OUT, runGenerateCli } from './cli.js';
export { generateSyntheticLog, type SyntheticLogStats } from './generate.js';
export { GroundTruth, loadGroundTruth, type TruthCandidates } from './ground-truth.js';
export { DEFAULT_TRAIN_DAYS, type LogFacts, measureLogFacts, REAL_SAMPLE_FACTS } from './log-facts.js';
export { DEFAULT_SYNTHETIC_OPTIONS, resolveSyntheticOptions, type SyntheticLogOptions } from './options.js';
export type { TruthIndex } from './truth-format.js';
export { type TruthRows, type TruthScorer, type TruthScores, truthScorer } from './truth-scorer.js';
