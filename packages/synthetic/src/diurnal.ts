/**
 * When French mothers use the app, hour by hour (UTC, i.e. Paris minus one hour in winter): quiet at
 * night with some night feedings, peaks early morning, at lunch and in the evening. Times are drawn
 * from this piecewise-constant density, optionally restricted to a window (incomplete log days).
 */

import type { Rng } from '@wemoms/data-schema';
import { MICROS_PER_DAY, MICROS_PER_HOUR } from '@wemoms/data-schema';

/** Relative activity per UTC hour. */
export const HOURLY_ACTIVITY = [
  0.6, 0.35, 0.25, 0.25, 0.4, 1.0, 2.2, 2.8, 2.6, 2.4, 2.4, 2.7, 2.9, 2.6, 2.3, 2.3, 2.4, 2.6, 2.9, 3.2, 3.3,
  2.8, 1.9, 1.1,
] as const;

/** Cumulative activity at the start of each hour, normalised to 1 over a day (length 25). */
const CUMULATIVE: Float64Array = (() => {
  const total = HOURLY_ACTIVITY.reduce((s, v) => s + v, 0);
  const out = new Float64Array(25);
  for (let h = 0; h < 24; h++) out[h + 1] = out[h] + HOURLY_ACTIVITY[h] / total;
  return out;
})();

/** Share of a day's activity before `micros` past midnight (0..1). */
export function activityBefore(microsOfDay: number): number {
  if (microsOfDay <= 0) return 0;
  if (microsOfDay >= MICROS_PER_DAY) return 1;
  const hours = microsOfDay / MICROS_PER_HOUR;
  const h = Math.floor(hours);
  return CUMULATIVE[h] + (CUMULATIVE[h + 1] - CUMULATIVE[h]) * (hours - h);
}

/** Inverse of activityBefore: micros past midnight at which the share `q` of the day is reached. */
export function microsAtActivity(q: number): number {
  let h = 0;
  while (h < 23 && CUMULATIVE[h + 1] <= q) h++;
  const span = CUMULATIVE[h + 1] - CUMULATIVE[h];
  const frac = span > 0 ? (q - CUMULATIVE[h]) / span : 0;
  return Math.min(MICROS_PER_DAY - 1, Math.floor((h + Math.min(1, Math.max(0, frac))) * MICROS_PER_HOUR));
}

/**
 * A time (UTC epoch micros, integer) on `day` drawn from the daily activity density, restricted to
 * [fromMicros, toMicros) of that day (micros past midnight).
 */
export function sampleTimeOfDay(rng: Rng, day: number, fromMicros = 0, toMicros = MICROS_PER_DAY): number {
  const lo = activityBefore(fromMicros);
  const hi = activityBefore(toMicros);
  const micros = microsAtActivity(lo + (hi - lo) * rng.float());
  return day * MICROS_PER_DAY + Math.min(Math.max(micros, fromMicros), toMicros - 1);
}
