/**
 * Log rows as keys: the row index into the de-duplicated snapshot with the impression's ids and time
 * (and label), the key columns of the dataset's split files and the features' merged file. Written with
 * the log's own dictionaries; read back from the snapshot without its other columns.
 */
import { readParquet } from './parquet-read.js';
import type { ParquetColumn } from './parquet-types.js';
import type { RawColumns } from './schema.js';

/** The log columns a row key and its label come from. */
export const ROW_KEY_LOG_COLUMNS = [
  'user_id',
  'trackable_id',
  'tracker_created_at',
  'has_been_opened',
] as const;

/** A RawTable, or just its ROW_KEY_LOG_COLUMNS (readRowKeyLog). */
export interface RowKeyLog {
  readonly length: number;
  readonly columns: Pick<RawColumns, (typeof ROW_KEY_LOG_COLUMNS)[number]>;
}

export interface RowKeyColumnsOptions {
  /** Include user_id and trackable_id (default true). */
  readonly ids?: boolean;
  /** Include the label, has_been_opened (default false). */
  readonly label?: boolean;
}

/**
 * Parquet columns `row, [user_id, trackable_id,] tracker_created_at[, label]` of log rows `rows`; the
 * id columns share the log's dictionaries.
 */
export function rowKeyParquetColumns(
  log: RowKeyLog,
  rows: Int32Array,
  options: RowKeyColumnsOptions = {},
): ParquetColumn[] {
  const c = log.columns;
  const time = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) time[i] = c.tracker_created_at[rows[i]];
  const columns: ParquetColumn[] = [{ name: 'row', type: 'int32', nullable: false, data: rows }];
  if (options.ids ?? true) {
    const user = new Int32Array(rows.length);
    const post = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      user[i] = c.user_id.codes[rows[i]];
      post[i] = c.trackable_id.codes[rows[i]];
    }
    columns.push(
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
  columns.push({ name: 'tracker_created_at', type: 'timestamp', nullable: false, data: time });
  if (options.label) {
    const label = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) label[i] = c.has_been_opened[rows[i]];
    columns.push({ name: 'label', type: 'boolean', nullable: false, data: label });
  }
  return columns;
}

/** Only the ROW_KEY_LOG_COLUMNS of a log snapshot written by writeRawTableParquet. */
export async function readRowKeyLog(path: string): Promise<RowKeyLog> {
  const { length, columns } = await readParquet(path, { columns: ROW_KEY_LOG_COLUMNS });
  const { user_id, trackable_id, tracker_created_at, has_been_opened } = columns;
  if (!('codes' in user_id) || !('codes' in trackable_id))
    throw new Error(`${path}: user_id and trackable_id must be strings`);
  if (!(tracker_created_at instanceof Float64Array))
    throw new Error(`${path}: tracker_created_at must be a required timestamp`);
  return {
    length,
    columns: {
      user_id,
      trackable_id,
      tracker_created_at,
      has_been_opened:
        has_been_opened instanceof Uint8Array
          ? has_been_opened
          : Uint8Array.from(has_been_opened as ArrayLike<number>),
    },
  };
}
