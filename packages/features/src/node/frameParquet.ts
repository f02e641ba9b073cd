import type { ParquetColumn, ParquetColumnSpec, ParquetReadValues, RawColumns } from '@wemoms/data-schema';
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

/**
 * The log columns the row keys and labels come from: a RawTable, or just these columns of the log
 * snapshot (merge-features reads no more).
 */
export interface RowKeyLog {
  readonly length: number;
  readonly columns: Pick<RawColumns, 'user_id' | 'trackable_id' | 'tracker_created_at' | 'has_been_opened'>;
}

/** The log columns a RowKeyLog holds, e.g. for `readParquet(snapshot, {columns})`. */
export const ROW_KEY_LOG_COLUMNS = [
  'user_id',
  'trackable_id',
  'tracker_created_at',
  'has_been_opened',
] as const;

/** Key columns of train/eval rows: the log row index and the impression's ids and time. */
export const ROW_KEY_COLUMNS = ['row', 'user_id', 'trackable_id', 'tracker_created_at'] as const;

/**
 * The row key of log rows, as parquet columns sharing the log's dictionaries. Per-category interim files
 * carry only `row` (the index into the de-duplicated log snapshot) and `tracker_created_at`: writing the
 * id strings costs more than the features themselves, and the merged file restores them (`withIds`).
 */
export function rowKeyParquetColumns(log: RowKeyLog, rows: Int32Array, withIds = true): ParquetColumn[] {
  const c = log.columns;
  const time = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) time[i] = c.tracker_created_at[rows[i]];
  const key: ParquetColumn[] = [{ name: 'row', type: 'int32', nullable: false, data: rows }];
  if (withIds) {
    const user = new Int32Array(rows.length);
    const post = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      user[i] = c.user_id.codes[rows[i]];
      post[i] = c.trackable_id.codes[rows[i]];
    }
    key.push(
      {
        name: 'user_id',
        type: 'string',
        nullable: false,
        data: { codes: user, dictionary: c.user_id.dictionary },
      },
      {
        name: 'trackable_id',
        type: 'string',
        nullable: false,
        data: { codes: post, dictionary: c.trackable_id.dictionary },
      },
    );
  }
  key.push({ name: 'tracker_created_at', type: 'timestamp', nullable: false, data: time });
  return key;
}

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
