/**
 * In-place sort of row indices by (score descending, tie key ascending, row ascending), NaN scores last:
 * the ranking order of `ranking.ts`. A hand-written quicksort on typed arrays, because
 * `Int32Array.prototype.sort(comparator)` calls back into JS per comparison and was 3-5x slower on 10^7 rows.
 * The order is total (row index decides last), so equal keys cannot degrade the partitioning; a depth limit
 * still hands pathological inputs to the engine's O(n log n) sort.
 */

/** Score and tie-key columns the sort reads (float32 scores and int32 keys need no float64 copy). */
export type RankColumn = Float64Array | Float32Array | Int32Array;

/** True when row a ranks strictly before row b (score desc, tie key asc, row asc; NaN scores last). */
export function before(s: RankColumn, t: RankColumn, a: number, b: number): boolean {
  const sa = s[a];
  const sb = s[b];
  if (sa > sb) return true;
  if (sa < sb) return false;
  if (sa === sb) {
    const ta = t[a];
    const tb = t[b];
    return ta < tb || (ta === tb && a < b);
  }
  // At least one NaN: a NaN score ranks after every number.
  const aNaN = Number.isNaN(sa);
  const bNaN = Number.isNaN(sb);
  if (aNaN !== bNaN) return bNaN;
  const ta = t[a];
  const tb = t[b];
  return ta < tb || (ta === tb && a < b);
}

const INSERTION_THRESHOLD = 16;

function insertionSort(order: Int32Array, lo: number, hi: number, s: RankColumn, t: RankColumn): void {
  for (let i = lo + 1; i < hi; i++) {
    const row = order[i];
    let j = i - 1;
    while (j >= lo && before(s, t, row, order[j])) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = row;
  }
}

/**
 * Sorts `order[lo, hi)` (row indices) into ranking order.
 * @param s scores as float64 (NaN allowed); @param t tie keys as float64.
 */
export function sortRowsByRank(
  order: Int32Array,
  lo: number,
  hi: number,
  s: RankColumn,
  t: RankColumn,
): void {
  let depthBudget = 2 * Math.ceil(Math.log2(hi - lo + 1)) + 8;
  // Iterate on the larger part, recurse on the smaller: stack depth stays O(log n).
  while (hi - lo > INSERTION_THRESHOLD) {
    if (depthBudget-- === 0) {
      order.subarray(lo, hi).sort((a, b) => (before(s, t, a, b) ? -1 : before(s, t, b, a) ? 1 : 0));
      return;
    }
    // Median of three as pivot, moved to lo.
    const mid = lo + ((hi - lo) >> 1);
    const last = hi - 1;
    if (before(s, t, order[mid], order[lo])) swap(order, mid, lo);
    if (before(s, t, order[last], order[lo])) swap(order, last, lo);
    if (before(s, t, order[last], order[mid])) swap(order, last, mid);
    swap(order, lo, mid);
    const pivot = order[lo];
    // Hoare partition: the order is strict, so no element equals the pivot except itself.
    let i = lo;
    let j = hi;
    for (;;) {
      do i++;
      while (i < hi && before(s, t, order[i], pivot));
      do j--;
      while (before(s, t, pivot, order[j]));
      if (i >= j) break;
      swap(order, i, j);
    }
    swap(order, lo, j);
    if (j - lo < hi - j - 1) {
      sortRowsByRank(order, lo, j, s, t);
      lo = j + 1;
    } else {
      sortRowsByRank(order, j + 1, hi, s, t);
      hi = j;
    }
  }
  insertionSort(order, lo, hi, s, t);
}

/**
 * The rows `lo .. hi` ranked within the first `top` places, best first, written to `out[0 .. min(top, hi - lo))`:
 * the same rows and order as the head of a full `sortRowsByRank`, found with an insertion buffer of `top` rows
 * in one pass (O((hi - lo) * top) at worst, close to O(hi - lo) when most rows fall below the buffer).
 * @returns how many rows were written.
 */
export function selectTopRows(
  lo: number,
  hi: number,
  top: number,
  s: RankColumn,
  t: RankColumn,
  out: Int32Array,
): number {
  const want = Math.min(top, hi - lo);
  let m = 0;
  for (let r = lo; r < hi; r++) {
    let j: number;
    if (m < want) j = m++;
    else if (before(s, t, r, out[m - 1])) j = m - 1;
    else continue;
    while (j > 0 && before(s, t, r, out[j - 1])) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = r;
  }
  return m;
}

function swap(order: Int32Array, i: number, j: number): void {
  const x = order[i];
  order[i] = order[j];
  order[j] = x;
}
