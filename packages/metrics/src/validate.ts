/** Input checks shared by every entry point: a clear error instead of a silently wrong number. */

import type { NumericColumn } from './types.js';

/**
 * Checks that `offsets` is a CSR offsets array for `rows` rows: starts at 0, never decreases, ends at
 * `rows`. Returns the number of groups.
 */
export function checkOffsets(offsets: Int32Array, rows: number): number {
  if (!(offsets instanceof Int32Array)) throw new TypeError('offsets: expected an Int32Array');
  if (offsets.length < 1)
    throw new RangeError('offsets: expected length groups + 1 >= 1, got an empty array');
  if (offsets[0] !== 0) throw new RangeError(`offsets[0]: expected 0, got ${offsets[0]}`);
  for (let g = 1; g < offsets.length; g++) {
    if (offsets[g] < offsets[g - 1]) {
      throw new RangeError(
        `offsets[${g}]: expected >= offsets[${g - 1}] = ${offsets[g - 1]} (rows of a group are contiguous), got ${offsets[g]}`,
      );
    }
  }
  const last = offsets[offsets.length - 1];
  if (last !== rows) {
    throw new RangeError(`offsets[${offsets.length - 1}]: expected the row count ${rows}, got ${last}`);
  }
  return offsets.length - 1;
}

/** Checks that a column has exactly `rows` entries. */
export function checkLength(name: string, column: NumericColumn, rows: number): void {
  if (column.length !== rows) {
    throw new RangeError(`${name}: expected ${rows} rows (one per row of offsets), got ${column.length}`);
  }
}

/** Checks that labels are finite and non-negative (0 = not opened; > 0 = relevant, the value is the gain). */
export function checkLabels(name: string, labels: NumericColumn): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new RangeError(`${name}[${i}]: expected a finite label >= 0 (0/1 for opened), got ${v}`);
    }
  }
}

/** Checks that `k` (the cut-off of @k metrics) is a positive integer. */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k: expected a positive integer, got ${k}`);
}

/** Checks that every value is finite (tie keys: a NaN key would make the order inconsistent). */
export function checkFinite(name: string, column: ArrayLike<number>): void {
  for (let i = 0; i < column.length; i++) {
    if (!Number.isFinite(column[i]))
      throw new RangeError(`${name}[${i}]: expected a finite number, got ${column[i]}`);
  }
}

/** Checks that every value is a probability in [0, 1] (the synthetic ground truth). */
export function checkProbabilities(name: string, column: NumericColumn): void {
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (!(v >= 0 && v <= 1))
      throw new RangeError(`${name}[${i}]: expected a probability in [0, 1], got ${v}`);
  }
}
