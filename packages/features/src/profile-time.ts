import type { IntListColumn } from '@wemoms/data-schema';
import { MICROS_PER_DAY } from '@wemoms/data-schema';

export { DAYS_PER_MONTH } from './definitions/constants.js';

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

/**
 * Smallest and largest value of row `row` of an int list (offsets, values), advanced by `shift`, written
 * to `min[i]` and `max[i]`; NaN when the list is empty. Into output columns: no pair per row.
 */
export function listMinMaxInto(
  offsets: Int32Array,
  values: Int32Array,
  row: number,
  shift: number,
  min: Float32Array,
  max: Float32Array,
  i: number,
): void {
  const from = offsets[row];
  const to = offsets[row + 1];
  if (from === to) {
    min[i] = Number.NaN;
    max[i] = Number.NaN;
    return;
  }
  let lo = values[from];
  let hi = lo;
  for (let j = from + 1; j < to; j++) {
    const v = values[j];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  min[i] = lo + shift;
  max[i] = hi + shift;
}
