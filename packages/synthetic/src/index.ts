export { generateSyntheticLog, type SyntheticLogStats } from './generate.js';
export { DEFAULT_SYNTHETIC_OPTIONS, resolveSyntheticOptions, type SyntheticLogOptions } from './options.js';
