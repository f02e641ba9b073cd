import { MICROS_PER_DAY, MICROS_PER_HOUR } from '@wemoms/data-schema';
import { missingColumn } from '../frame.js';
import type { FeatureSpec } from '../types.js';
import type { WindowCounts } from './windowCounts.js';

/** The trailing windows of every window category (DESIGN section 5). */
export const WINDOWS = [
  { label: '1d', micros: MICROS_PER_DAY },
  { label: '7d', micros: 7 * MICROS_PER_DAY },
  { label: '28d', micros: 28 * MICROS_PER_DAY },
] as const;
export const WINDOW_MICROS: readonly number[] = WINDOWS.map((w) => w.micros);

/**
 * Pseudo-views of the open-rate prior: rate = (opens + PRIOR_VIEWS * m) / (views + PRIOR_VIEWS), with m the
 * open rate of all impressions in the same window (itself leak-free). A post or user with 2 views then
 * stays near the base rate instead of jumping to 0 or 1. A round default, not fitted to any data.
 */
export const PRIOR_VIEWS = 10;

export interface WindowFeatureOptions {
  /** Column name prefix, e.g. 'post_pop'. */
  readonly prefix: string;
  /** Emit the smoothed open rate per window. */
  readonly rate: boolean;
  /** Emit hours since the latest opened event. */
  readonly lastOpen: boolean;
}

/** Output specs of a window category, in the order windowColumns fills them. */
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

/** Turns one sweep's counts into the named columns of windowSpecs. */
export function windowColumns(
  o: WindowFeatureOptions,
  counts: WindowCounts,
  queryTime: Float64Array,
): Record<string, Float32Array> {
  const q = queryTime.length;
  const columns: Record<string, Float32Array> = {};
  WINDOWS.forEach((w, k) => {
    columns[`${o.prefix}_views_${w.label}`] = counts.views[k];
    columns[`${o.prefix}_opens_${w.label}`] = counts.opens[k];
    if (o.rate) {
      const rate = missingColumn(q);
      const views = counts.views[k];
      const opens = counts.opens[k];
      const base = counts.globalOpenRate[k];
      for (let i = 0; i < q; i++) {
        const m = base[i];
        // An empty log window has no base rate: fall back to the raw rate (NaN without views).
        rate[i] = Number.isNaN(m)
          ? views[i] > 0
            ? opens[i] / views[i]
            : Number.NaN
          : (opens[i] + PRIOR_VIEWS * m) / (views[i] + PRIOR_VIEWS);
      }
      columns[`${o.prefix}_open_rate_${w.label}`] = rate;
    }
  });
  columns[`${o.prefix}_views_before`] = counts.viewsBefore;
  columns[`${o.prefix}_hours_since_last_view`] = hoursSince(counts.lastViewMicros, queryTime);
  if (o.lastOpen) columns[`${o.prefix}_hours_since_last_open`] = hoursSince(counts.lastOpenMicros, queryTime);
  return columns;
}

function hoursSince(last: Float64Array, queryTime: Float64Array): Float32Array {
  const out = new Float32Array(last.length);
  for (let i = 0; i < last.length; i++) out[i] = (queryTime[i] - last[i]) / MICROS_PER_HOUR;
  return out;
}
