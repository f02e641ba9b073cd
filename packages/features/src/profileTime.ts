import type { IntListColumn } from '@wemoms/data-schema';
import { MICROS_PER_DAY } from '@wemoms/data-schema';

/** Mean Gregorian month, to advance ages in months by elapsed days. */
export const DAYS_PER_MONTH = 365.2425 / 12;

/** Days (fractional) from `fromMicros` to `toMicros`; negative when the observation is after t. */
export function elapsedDays(fromMicros: number, toMicros: number): number {
  return (toMicros - fromMicros) / MICROS_PER_DAY;
}

/**
 * Copies row `row`'s children ages (months) advanced by `elapsedMonths` into `into` (reused scratch array,
 * truncated first) and returns it: an observation from days ago still describes the children at t.
 */
export function advancedAgesInto(
  list: IntListColumn,
  row: number,
  elapsedMonths: number,
  into: number[],
): number[] {
  into.length = 0;
  for (let j = list.offsets[row]; j < list.offsets[row + 1]; j++) into.push(list.values[j] + elapsedMonths);
  return into;
}

/** Smallest and largest value of row `row` of an int list, advanced by `shift`; NaN when the list is empty. */
export function listMinMax(list: IntListColumn, row: number, shift: number): [number, number] {
  const from = list.offsets[row];
  const to = list.offsets[row + 1];
  if (from === to) return [Number.NaN, Number.NaN];
  let min = list.values[from];
  let max = min;
  for (let j = from + 1; j < to; j++) {
    const v = list.values[j];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min + shift, max + shift];
}
