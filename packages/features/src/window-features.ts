import { MICROS_PER_HOUR } from '@wemoms/data-schema';
import type { ArrayAllocator } from './arena.js';
import { PRIOR_VIEWS, WINDOWS } from './definitions/constants.js';
import type { KeyIndex } from './key-index.js';
import { lowerBoundNear, searchHints } from './search.js';
import type { FeatureSpec } from './types.js';

// The windows and the prior are part of the feature definitions (definitions/constants.ts).
export { PRIOR_VIEWS, WINDOWS } from './definitions/constants.js';

export interface WindowFeatureOptions {
  /** Column name prefix, e.g. 'post_pop'. */
  readonly prefix: string;
  /** Emit the smoothed open rate per window. */
  readonly rate: boolean;
  /** Emit hours since the latest opened event. */
  readonly lastOpen: boolean;
}

/** Output specs of a window category, in the order indexWindowColumns fills them. */
export function windowSpecs(o: WindowFeatureOptions): FeatureSpec[] {
  const names: string[] = [];
  for (const w of WINDOWS) {
    names.push(`${o.prefix}_views_${w.label}`, `${o.prefix}_opens_${w.label}`);
    if (o.rate) names.push(`${o.prefix}_open_rate_${w.label}`);
  }
  names.push(`${o.prefix}_views_before`, `${o.prefix}_hours_since_last_view`);
  if (o.lastOpen) names.push(`${o.prefix}_hours_since_last_open`);
  return names.map((name) => ({ name, type: 'numeric' }));
}

/**
 * The window columns of windowSpecs from key indexes: per query, searches in its key's own event list
 * (`index`) and in the whole log (`all`, for the base rate of the prior), straight into the output
 * columns, in any query order; the base rate is computed once per run of queries at the same instant.
 * One pass for the position of t and the recency columns, then one pass per window: each loop writes
 * two to four columns (many parallel output streams per loop were slower than re-reading the keys).
 *
 * @param keys key of each query in `index` (-1, e.g. a pair never seen: zero counts, no recency).
 * @param alloc where the output columns come from (the batch's allocator).
 */
export function indexWindowColumns(
  o: WindowFeatureOptions,
  index: KeyIndex,
  all: KeyIndex,
  keys: Int32Array,
  queryTime: Float64Array,
  alloc: ArrayAllocator,
): Record<string, Float32Array> {
  const q = keys.length;
  // Every element of these is written below (recycled arrays allowed).
  const at = alloc.int32(q);
  const before = alloc.float32(q);
  const sinceView = alloc.float32(q);
  const sinceOpen = o.lastOpen ? alloc.float32(q) : sinceView;
  const { offsets, times, lastOpen } = index;
  // Search hints: slot 0 for t, slot 1 + w for t - window w (see search.ts).
  const hintAt = searchHints(index, 0);
  for (let i = 0; i < q; i++) {
    const t = queryTime[i];
    const k = keys[i];
    let lo = 0;
    let b = 0;
    if (k >= 0) {
      lo = offsets[k];
      b = lowerBoundNear(times, lo, offsets[k + 1], hintAt[k], t);
      hintAt[k] = b;
    }
    at[i] = b;
    before[i] = b - lo;
    if (b > lo) {
      sinceView[i] = (t - times[b - 1]) / MICROS_PER_HOUR;
      if (o.lastOpen) sinceOpen[i] = (t - lastOpen[b - 1]) / MICROS_PER_HOUR;
    } else {
      sinceView[i] = Number.NaN;
      if (o.lastOpen) sinceOpen[i] = Number.NaN;
    }
  }
  const columns: Record<string, Float32Array> = {};
  WINDOWS.forEach((w, slot) => {
    const views = alloc.float32(q);
    const opens = alloc.float32(q);
    const rates = o.rate ? alloc.float32(q) : null;
    windowPass(index, all, keys, queryTime, at, w.micros, 1 + slot, views, opens, rates);
    columns[`${o.prefix}_views_${w.label}`] = views;
    columns[`${o.prefix}_opens_${w.label}`] = opens;
    if (rates !== null) columns[`${o.prefix}_open_rate_${w.label}`] = rates;
  });
  columns[`${o.prefix}_views_before`] = before;
  columns[`${o.prefix}_hours_since_last_view`] = sinceView;
  if (o.lastOpen) columns[`${o.prefix}_hours_since_last_open`] = sinceOpen;
  return columns;
}

/** Views, opens and (when `rates`) the smoothed open rate over [t - window, t), given t's positions `at`. */
function windowPass(
  index: KeyIndex,
  all: KeyIndex,
  keys: Int32Array,
  queryTime: Float64Array,
  at: Int32Array,
  window: number,
  slot: number,
  views: Float32Array,
  opens: Float32Array,
  rates: Float32Array | null,
): void {
  const { offsets, times, opensBefore } = index;
  const hint = searchHints(index, slot);
  let m = Number.NaN;
  let baseTime = Number.NaN;
  for (let i = 0; i < at.length; i++) {
    const t = queryTime[i];
    const k = keys[i];
    let v = 0;
    let op = 0;
    if (k >= 0) {
      const lo = offsets[k];
      const b = at[i];
      if (b > lo) {
        const a = lowerBoundNear(times, lo, b, hint[k], t - window);
        hint[k] = a;
        v = b - a;
        op = opensBefore[b] - opensBefore[a];
      }
    }
    views[i] = v;
    opens[i] = op;
    if (rates !== null) {
      if (t !== baseTime) {
        m = globalOpenRate(all, t, window, slot);
        baseTime = t;
      }
      rates[i] = smoothedRate(op, v, m);
    }
  }
}

/**
 * The open rate of every impression in [t - window, t) (NaN when there is none): the prior of the
 * smoothed rates. `slot` names the window's search hints in `all` (see search.ts).
 */
export function globalOpenRate(all: KeyIndex, t: number, window: number, slot: number): number {
  const times = all.times;
  const at = searchHints(all, 0);
  const from = searchHints(all, slot);
  const b = lowerBoundNear(times, 0, times.length, at[0], t);
  at[0] = b;
  const a = lowerBoundNear(times, 0, b, from[0], t - window);
  from[0] = a;
  return b > a ? (all.opensBefore[b] - all.opensBefore[a]) / (b - a) : Number.NaN;
}

/**
 * `opens / views` shrunk toward `prior` by PRIOR_VIEWS pseudo-views; the raw rate when the prior is
 * unknown (NaN), NaN without views then.
 */
export function smoothedRate(opens: number, views: number, prior: number): number {
  return Number.isNaN(prior)
    ? views > 0
      ? opens / views
      : Number.NaN
    : (opens + PRIOR_VIEWS * prior) / (views + PRIOR_VIEWS);
}
