/**
 * CSR grouping: the metrics want the rows of a group contiguous, described by `offsets` (length groups + 1).
 * A caller holding an unsorted group-id column builds that layout here once, then gathers its columns
 * through the returned permutation.
 */

import type { GroupIdColumn, NumericColumn } from './types.js';

/** The CSR layout of an unsorted group-id column. */
export interface GroupLayout {
  /** Group g's rows are `permutation[offsets[g] .. offsets[g+1])`; length groups + 1. */
  readonly offsets: Int32Array;
  /**
   * Original row index at each CSR position. Groups are in ascending group-id order; rows keep their
   * original relative order inside a group (stable), so the layout is deterministic.
   */
  readonly permutation: Int32Array;
  /** The id of each group, ascending; length groups. */
  readonly groupIds: Float64Array;
}

/**
 * Builds CSR offsets and the row permutation from one group id per row, in any order.
 * Integer ids spanning a modest range use a counting sort (O(n + range)); anything else a stable index sort.
 * @throws RangeError on a NaN group id (a row must belong to a group).
 */
export function groupOffsetsFromIds(groupIds: GroupIdColumn): GroupLayout {
  const n = groupIds.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let allIntegers = true;
  for (let i = 0; i < n; i++) {
    const id = groupIds[i];
    if (Number.isNaN(id)) throw new RangeError(`groupIds[${i}]: expected a group id, got NaN`);
    if (id < min) min = id;
    if (id > max) max = id;
    if (allIntegers && !Number.isInteger(id)) allIntegers = false;
  }
  if (n === 0)
    return { offsets: new Int32Array(1), permutation: new Int32Array(0), groupIds: new Float64Array(0) };
  const range = max - min + 1;
  const permutation =
    allIntegers && range <= 4 * n + 1024
      ? countingPermutation(groupIds, min, range)
      : sortedPermutation(groupIds);
  // Cut the sorted permutation into runs of equal ids.
  let groups = 1;
  for (let j = 1; j < n; j++) if (groupIds[permutation[j]] !== groupIds[permutation[j - 1]]) groups++;
  const offsets = new Int32Array(groups + 1);
  const ids = new Float64Array(groups);
  ids[0] = groupIds[permutation[0]];
  let g = 0;
  for (let j = 1; j < n; j++) {
    const id = groupIds[permutation[j]];
    if (id !== ids[g]) {
      g++;
      offsets[g] = j;
      ids[g] = id;
    }
  }
  offsets[groups] = n;
  return { offsets, permutation, groupIds: ids };
}

function countingPermutation(groupIds: GroupIdColumn, min: number, range: number): Int32Array {
  const n = groupIds.length;
  const start = new Int32Array(range + 1);
  for (let i = 0; i < n; i++) start[groupIds[i] - min + 1]++;
  for (let b = 1; b <= range; b++) start[b] += start[b - 1];
  const permutation = new Int32Array(n);
  for (let i = 0; i < n; i++) permutation[start[groupIds[i] - min]++] = i;
  return permutation;
}

function sortedPermutation(groupIds: GroupIdColumn): Int32Array {
  const n = groupIds.length;
  const ids = Float64Array.from(groupIds);
  const permutation = new Int32Array(n);
  for (let i = 0; i < n; i++) permutation[i] = i;
  // Tie on id -> original index: a stable order whatever the engine's sort.
  permutation.sort((a, b) => (ids[a] !== ids[b] ? (ids[a] < ids[b] ? -1 : 1) : a - b));
  return permutation;
}

/** Gathers `column` through a permutation: `out[j] = column[permutation[j]]`, same array type for typed arrays. */
export function gatherRows<T extends NumericColumn>(
  column: T,
  permutation: Int32Array,
): T extends readonly number[] ? Float64Array : T {
  const n = permutation.length;
  const out: { [i: number]: number } = Array.isArray(column)
    ? new Float64Array(n)
    : new (column.constructor as new (n: number) => NumericColumn & { [i: number]: number })(n);
  for (let j = 0; j < n; j++) out[j] = column[permutation[j]];
  return out as T extends readonly number[] ? Float64Array : T;
}
