export * from './dictionary.js';
export * from './schema.js';
export * from './time.js';
