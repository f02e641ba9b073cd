// Browser-safe entry: the SQL compiler (pure string building). The DuckDB engine is in '@wemoms/feature-sql/node'.
export {
  type CompiledFeatureQuery,
  type CompileOptions,
  compileFeatureQuery,
  compileFeatureSql,
  type FeatureJoin,
  featureQuerySql,
  fromClause,
  type OutputColumn,
  SQL_PARTS,
  type SqlPart,
} from './compile-feature-sql.js';
export { DIALECTS, type Dialect, type DialectName, getDialect } from './dialect.js';
