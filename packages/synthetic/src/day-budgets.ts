/**
 * How many log lines each simulated day gets: the unique impressions follow the diurnal activity inside the
 * log window (the first and last days are partial) with busier weekends, and the exact duplicate lines are
 * spread in proportion. No randomness: the budgets are fixed by the options alone.
 */
import { MICROS_PER_DAY } from '@wemoms/data-schema';
import { DUPLICATE_SHARE, LOG_FIRST_DAY_OFFSET_MICROS, LOG_LAST_DAY_END_MICROS } from './calibration.js';
import { activityBefore } from './diurnal.js';

/** Largest-remainder split of `total` into integers proportional to `weights`. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const byRemainder = exact
    .map((v, i) => [v - Math.floor(v), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) out[byRemainder[k][1]]++;
  return out;
}

/** Weekend days are a little busier. */
const weekdayFactor = (day: number) => {
  const dow = (day + 4) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  return dow === 0 ? 1.1 : dow === 6 ? 1.06 : 1;
};

/** The part of each day the log covers, in µs since that day's midnight: [from, to). */
export interface LogWindow {
  from(day: number): number;
  to(day: number): number;
}

/** The log window of `days` days from `startDay`: the first day starts late and the last ends early (incomplete, like the real log's). */
export function logWindow(startDay: number, days: number): LogWindow {
  const endDay = startDay + days - 1;
  return {
    from: (d) => (d === startDay && days > 1 ? LOG_FIRST_DAY_OFFSET_MICROS : 0),
    to: (d) => (d === endDay && days > 1 ? LOG_LAST_DAY_END_MICROS : MICROS_PER_DAY),
  };
}

/** Lines per log day (index 0 = the first day). */
export interface DayBudgets {
  /** Unique impressions of each day. */
  readonly unique: number[];
  /** Exact duplicate lines of each day. */
  readonly duplicates: number[];
  readonly duplicatesTotal: number;
  /** The largest day's unique impressions (at least 1): sizes the view history. */
  readonly max: number;
}

/** Splits `rows` lines over the days of `window` (a share `DUPLICATE_SHARE` of them exact duplicates). */
export function dayBudgets(rows: number, startDay: number, days: number, window: LogWindow): DayBudgets {
  const dayWeights: number[] = [];
  for (let d = startDay; d < startDay + days; d++) {
    dayWeights.push((activityBefore(window.to(d)) - activityBefore(window.from(d))) * weekdayFactor(d));
  }
  const duplicatesTotal = rows > 1 ? Math.round(rows * DUPLICATE_SHARE) : 0;
  const unique = apportion(rows - duplicatesTotal, dayWeights);
  const duplicates = apportion(duplicatesTotal, unique);
  return { unique, duplicates, duplicatesTotal, max: Math.max(1, ...unique) };
}
