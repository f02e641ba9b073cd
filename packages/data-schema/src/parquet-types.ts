/** Column types and in-memory layouts of the parquet helpers. */
import type { DictionaryColumn, IntListColumn } from './schema.js';

/**
 * Logical column types. Physical parquet types: int32 INT32; int64 INT64; double DOUBLE; float FLOAT;
 * boolean BOOLEAN; string BYTE_ARRAY UTF8; timestamp INT64 TIMESTAMP(MICROS, UTC);
 * int32List LIST<INT32 required>.
 */
export type ParquetColumnType =
  | 'int32'
  | 'int64'
  | 'double'
  | 'float'
  | 'boolean'
  | 'string'
  | 'timestamp'
  | 'int32List';

/** Name, type and nullability of one column: the schema of a parquet file. */
export interface ParquetColumnSpec {
  readonly name: string;
  readonly type: ParquetColumnType;
  /**
   * Whether nulls may occur. Default: false when the data is an Int32Array, Uint8Array, BigInt64Array or
   * an IntListColumn (which cannot hold a null), and for float/double columns given as float typed arrays
   * (NaN is then stored as an IEEE NaN, which reads back as NaN: the project's "missing"); true otherwise
   * (NaN, code -1 and null are nulls).
   */
  readonly nullable?: boolean;
}

/**
 * Values of one column to write. Nulls: NaN in float arrays (so NaN itself cannot be stored), code -1 in
 * a DictionaryColumn, null in plain arrays. Timestamps are UTC epoch microseconds (integers).
 */
export type ParquetWriteValues =
  | Int32Array
  | Uint8Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | DictionaryColumn
  | IntListColumn
  | readonly (number | bigint | boolean | string | null | readonly number[])[];

/** A column to write: its spec and its values. */
export interface ParquetColumn extends ParquetColumnSpec {
  readonly data: ParquetWriteValues;
}

/**
 * A column as read back (the project's encodings):
 * int32 -> Int32Array when required, Float64Array with NaN for null when nullable; int64 -> Float64Array
 * (NaN null; an error if a value is beyond 2^53); double -> Float64Array; float -> Float32Array;
 * boolean -> Uint8Array 0/1 when required, Float64Array 0/1/NaN when nullable; string -> DictionaryColumn
 * (first-seen order, -1 null); timestamp -> Float64Array of UTC micros (NaN null); int32List ->
 * IntListColumn (a null list reads as empty).
 */
export type ParquetReadValues =
  | Int32Array
  | Uint8Array
  | Float32Array
  | Float64Array
  | DictionaryColumn
  | IntListColumn;

/** Columns read from a parquet file. */
export interface ParquetTable {
  readonly length: number;
  /** Column specs in file order (only the columns read). */
  readonly specs: ParquetColumnSpec[];
  readonly columns: Record<string, ParquetReadValues>;
}
