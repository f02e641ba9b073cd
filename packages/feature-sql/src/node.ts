// Node-only entry '@wemoms/feature-sql/node': the embedded DuckDB engine (native binding, file IO).
export {
  buildCategoriesWithDuckDb,
  checkMemoryLimit,
  type DuckDbBuildOptions,
  type DuckDbCandidateOptions,
  type DuckDbCategoryResult,
  type DuckDbSettings,
  featurizeCandidatesWithDuckDb,
} from './duckdb/build-categories.js';
