/**
 * Range rules a raw row must meet beyond its types: counts are never negative (RAW_SCHEMA `minimum`),
 * and the impression time lies in a plausible window, so a 1970 placeholder or a 2099 typo cannot
 * stretch the log's time span (and hide, say, the "incomplete last day" warning of the split).
 */
import { formatDay, formatTimestampMicros, MICROS_PER_DAY, parseDay, utcDay } from './time.js';

/** A window of instants, UTC epoch microseconds, [min, max). */
export interface TimeWindow {
  readonly min: number;
  readonly max: number;
}

export interface RowRules {
  /** Where `tracker_created_at` must lie (default: defaultImpressionWindow()). */
  readonly impressionWindow?: TimeWindow;
}

/** The default window's first instant: 2000-01-01 (older impressions are placeholders, not app usage). */
export const EARLIEST_PLAUSIBLE_IMPRESSION = parseDay('2000-01-01') * MICROS_PER_DAY;

/**
 * The default plausible impression window: from 2000-01-01 to one day after `nowMs` (an impression is
 * never in the future; the day absorbs clock skew between the app's servers and this machine).
 */
export function defaultImpressionWindow(nowMs = Date.now()): TimeWindow {
  return { min: EARLIEST_PLAUSIBLE_IMPRESSION, max: (nowMs + 86_400_000) * 1000 };
}

/** The window of the inclusive UTC days first..last (`YYYY-MM-DD`; last null = the default's end). */
export function impressionWindowOfDays(first: string, last: string | null, nowMs = Date.now()): TimeWindow {
  return {
    min: parseDay(first) * MICROS_PER_DAY,
    max: last === null ? defaultImpressionWindow(nowMs).max : (parseDay(last) + 1) * MICROS_PER_DAY,
  };
}

const bound = (us: number) =>
  us % MICROS_PER_DAY === 0 ? formatDay(utcDay(us)) : formatTimestampMicros(us).slice(0, 19);

/** `an impression time in [2000-01-01, 2026-12-01 10:00:00)`: the `expected` of an out-of-window time. */
export function describeImpressionWindow(window: TimeWindow): string {
  return `an impression time in [${bound(window.min)}, ${bound(window.max)})`;
}
