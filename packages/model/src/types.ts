/**
 * Plain-data shapes the model package accepts and produces. Nothing here depends on TensorFlow.js, so the
 * features package, the CLI and the browser demo can share them.
 */

/** The kind of one model input: a number (NaN = missing) or a dictionary-encoded category (code -1 = missing). */
export type FeatureType = 'numeric' | 'categorical';

/** One model input, as the features package describes it. */
export interface FeatureSpec {
  readonly name: string;
  readonly type: FeatureType;
}

/** A dictionary-encoded column: `dictionary[codes[i]]` is row i's value, code -1 is missing. */
export interface CategoricalColumn {
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

/** A numeric column: NaN is missing (only float arrays can hold it). Booleans are Uint8Array 0/1. */
export type NumericColumn = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Columns by feature name: what `score`, `trainRanker` and `contributions` read. */
export type FeatureColumns = Readonly<Record<string, NumericColumn | CategoricalColumn>>;

/** Labelled rows for training or validation: the feature frame plus a 0/1 label per row. */
export interface LabelledData {
  readonly specs: readonly FeatureSpec[];
  readonly columns: FeatureColumns;
  /** 0 or 1 per row. */
  readonly labels: ArrayLike<number>;
  /**
   * Optional ranking group of each row (an integer id; rows of a group need not be contiguous): the lists a
   * pairwise or listwise loss compares within (training rows), and the lists NDCG@k / MAP@k early stopping
   * ranks (validation rows). For the WeMoms log: one group per user and UTC day. Only groups holding a
   * positive and a negative carry ranking signal; the others are left out of the ranking loss and metrics.
   */
  readonly groups?: Int32Array | Float64Array | readonly number[];
  /** Optional tie-break key per row for the validation ranking (lower first on equal scores; default: row). */
  readonly tieKeys?: Int32Array | Float64Array | readonly number[];
}

/** True when `column` is dictionary-encoded. */
export function isCategoricalColumn(column: unknown): column is CategoricalColumn {
  return (
    typeof column === 'object' &&
    column !== null &&
    (column as CategoricalColumn).codes instanceof Int32Array &&
    Array.isArray((column as CategoricalColumn).dictionary)
  );
}

/** True when `column` is one of the accepted numeric typed arrays. */
export function isNumericColumn(column: unknown): column is NumericColumn {
  return (
    column instanceof Float32Array ||
    column instanceof Float64Array ||
    column instanceof Int32Array ||
    column instanceof Uint8Array
  );
}

/** Row count of a column of either kind. */
export function columnLength(column: NumericColumn | CategoricalColumn): number {
  return isNumericColumn(column) ? column.length : column.codes.length;
}
