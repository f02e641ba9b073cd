import type { ParquetColumn, ParquetColumnSpec, ParquetReadValues } from '@wemoms/data-schema';
import type { FeatureColumn, FeatureFrame, FeatureSpec } from '../types.js';

/**
 * Parquet type of a feature: numeric -> required FLOAT with NaN kept as the missing value (the fast,
 * plain-encoded path: nullable floats cost ~10x to write), categorical -> UTF8 string (null = code -1).
 */
export function featureParquetSpec(spec: FeatureSpec): ParquetColumnSpec {
  const numeric = spec.type === 'numeric';
  return { name: spec.name, type: numeric ? 'float' : 'string', nullable: !numeric };
}

/** The frame's columns as parquet columns (no copies). */
export function frameParquetColumns(frame: FeatureFrame): ParquetColumn[] {
  return frame.specs.map((spec) => ({ ...featureParquetSpec(spec), data: frame.columns[spec.name] }));
}

/** Key columns of train/eval rows: the log row index and the impression's ids and time. */
export const ROW_KEY_COLUMNS = ['row', 'user_id', 'trackable_id', 'tracker_created_at'] as const;

/** A feature column read back from parquet (float -> Float32Array, string -> dictionary column). */
export function featureColumnFromParquet(
  path: string,
  name: string,
  values: ParquetReadValues,
): FeatureColumn {
  if (values instanceof Float32Array) return values;
  if ('codes' in values) return values;
  throw new Error(`${path}: feature column ${name} is neither FLOAT nor a string column`);
}

/**
 * The `row` key column of a category file as log row indices: INT32 as written by the TypeScript engine,
 * or a nullable INT32 without nulls (read as float64), as SQL engines such as DuckDB write every column.
 */
export function rowKeyFromParquet(path: string, values: ParquetReadValues | undefined): Int32Array {
  if (values instanceof Int32Array) return values;
  if (values instanceof Float64Array) {
    const rows = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
        throw new Error(`${path}: row ${i} of column row is ${v}, not a log row index`);
      }
      rows[i] = v;
    }
    return rows;
  }
  throw new Error(`${path}: no int32 column row`);
}
