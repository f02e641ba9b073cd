/**
 * Column types accepted by the metrics. Everything is columnar: one typed array per column, rows of a
 * group contiguous (CSR layout, see `offsets`).
 */

/** A numeric column: scores, labels, tie keys, true probabilities. */
export type NumericColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | readonly number[];

/** A column of group ids, one per row, in any order (see `groupOffsetsFromIds`). */
export type GroupIdColumn = Int32Array | Uint32Array | Float64Array | Float32Array | readonly number[];
