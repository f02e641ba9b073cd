/**
 * Per-key search hints: the answer of the previous lower-bound search of the same key (and window). The
 * candidate groups of a day come in time order and share their posts, and train rows come roughly in
 * time order, so the next answer for a key is most often the previous one or the next position: two
 * comparisons instead of a binary search through the key's events. Hints only choose where to look:
 * lowerBoundNear returns exactly lowerBoundIn's answer whatever the hint, so results never depend on the
 * order of the queries (the brute-force tests pin them). The hints are owned by the index they search
 * (its `hints` slots), and an index belongs to one thread's context (FeatureIndexes): scratch memory of
 * that thread, never shared.
 */
import { lowerBound } from '@wemoms/data-schema';

/** Any CSR index over keys (key-index.ts, age-cohorts.ts...): hints are per key. */
export interface KeyedIndex {
  readonly offsets: Int32Array;
  /** Its search hints per slot, filled on first use by searchHints. */
  readonly hints: Int32Array[];
}

/** The hint array (one entry per key) of `index` for search `slot` (0 = at t, 1.. = window starts). */
export function searchHints(index: KeyedIndex, slot: number): Int32Array {
  index.hints[slot] ??= new Int32Array(index.offsets.length - 1);
  return index.hints[slot];
}

/** First position in [lo, hi) of the ascending `times` with times[pos] >= t (hi when none), near `hint`. */
export function lowerBoundNear(times: Float64Array, lo: number, hi: number, hint: number, t: number): number {
  let h = hint < lo ? lo : Math.min(hint, hi);
  if (h < hi && times[h] < t) {
    // The answer is after h: most often h + 1 (one new event since this key's previous query).
    h++;
    if (h === hi || times[h] >= t) return h;
    return lowerBoundIn(times, h + 1, hi, t);
  }
  // times[h] >= t (or h = hi): the answer is h or before it.
  if (h === lo || times[h - 1] < t) return h;
  return lowerBoundIn(times, lo, h - 1, t);
}

/** First position in [lo, hi) of the ascending `times` with times[pos] >= t (hi when none). */
export function lowerBoundIn(times: Float64Array, lo: number, hi: number, t: number): number {
  return lowerBound(times, t, lo, hi);
}

/**
 * Key k's first position (CSR, `index.offsets`) with an event time >= t: the count of its events before t
 * is that minus offsets[k]. Searches near and updates the key's hint in `hint` (a searchHints array).
 */
export function keyPositionAt(
  index: KeyedIndex & { readonly times: Float64Array },
  hint: Int32Array,
  k: number,
  t: number,
): number {
  const b = lowerBoundNear(index.times, index.offsets[k], index.offsets[k + 1], hint[k], t);
  hint[k] = b;
  return b;
}
