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
