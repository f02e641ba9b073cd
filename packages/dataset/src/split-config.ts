import { formatDay, parseDay } from '@wemoms/data-schema';

/** An inclusive range of UTC days, as `YYYY-MM-DD` (the config and command-line form). */
export interface DayRange {
  readonly first: string;
  readonly last: string;
}

/** Where each split lives in time, and the train filter's threshold (DESIGN section 3). */
export interface SplitConfig {
  readonly train: DayRange;
  readonly eval: DayRange;
  readonly test: DayRange;
  /**
   * Train filter: a user whose train rows number at most this many (and, under the `unopened` rule, are
   * all unopened) is dropped from train. 0 turns the filter off.
   */
  readonly trainFilterMaxRows: number;
  /**
   * Which light users the train filter drops: `unopened` (the original study's, the default here only
   * through DEFAULT_SPLIT's threshold: those whose few rows are all unopened; it selects on the label, so
   * train's open rate rises above eval's) or `rows` (label-free: every user with at most
   * `trainFilterMaxRows` train rows). Default `unopened`.
   */
  readonly trainFilterRule?: TrainFilterRule;
}

/** The train filter's rule (see SplitConfig.trainFilterRule). */
export type TrainFilterRule = 'unopened' | 'rows';
export const TRAIN_FILTER_RULES: readonly TrainFilterRule[] = ['unopened', 'rows'];

/**
 * The original study's days (the log's first day, 2023-01-02, is incomplete and left out), without its
 * train filter: measured on the eval and test days of three logs, dropping the light users whose few rows
 * are all unopened selects on the label and makes every as-served ranking figure worse (dataset README,
 * "Train filter"). The study's filter is `{...DEFAULT_SPLIT, trainFilterMaxRows: STUDY_TRAIN_FILTER_MAX_ROWS}`.
 */
export const DEFAULT_SPLIT: SplitConfig = Object.freeze({
  train: Object.freeze({ first: '2023-01-03', last: '2023-01-25' }),
  eval: Object.freeze({ first: '2023-01-26', last: '2023-01-27' }),
  test: Object.freeze({ first: '2023-01-28', last: '2023-02-01' }),
  trainFilterMaxRows: 0,
  trainFilterRule: 'unopened',
});

/** The original study's train filter threshold N (users with at most N train rows, all unopened). */
export const STUDY_TRAIN_FILTER_MAX_ROWS = 4;

/** A DayRange as integer days since 1970-01-01, both ends inclusive. */
export interface ResolvedDayRange {
  readonly first: number;
  readonly last: number;
}

export interface ResolvedSplitConfig {
  readonly train: ResolvedDayRange;
  readonly eval: ResolvedDayRange;
  readonly test: ResolvedDayRange;
  readonly trainFilterMaxRows: number;
  readonly trainFilterRule: TrainFilterRule;
}

export const SPLIT_NAMES = ['train', 'eval', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

function resolveRange(name: SplitName, range: DayRange): ResolvedDayRange {
  let first: number;
  let last: number;
  try {
    first = parseDay(range.first);
    last = parseDay(range.last);
  } catch (error) {
    throw new RangeError(`split config: ${name}: ${(error as Error).message}`);
  }
  if (first > last) {
    throw new RangeError(`split config: ${name}: first day ${range.first} is after last day ${range.last}`);
  }
  return { first, last };
}

/**
 * Checks a split config and converts its days to integers. Throws a RangeError naming the offending
 * field when a day is malformed, a range is empty, two ranges overlap, or the filter threshold is not a
 * non-negative integer. Ranges need not be contiguous nor in train < eval < test order (an experiment
 * may want that), but `splitWarnings` reports an order that would let training see the future.
 */
export function resolveSplitConfig(config: SplitConfig): ResolvedSplitConfig {
  const resolved = {
    train: resolveRange('train', config.train),
    eval: resolveRange('eval', config.eval),
    test: resolveRange('test', config.test),
    trainFilterMaxRows: config.trainFilterMaxRows,
    trainFilterRule: config.trainFilterRule ?? 'unopened',
  };
  if (!Number.isInteger(config.trainFilterMaxRows) || config.trainFilterMaxRows < 0) {
    throw new RangeError(
      `split config: trainFilterMaxRows: expected a non-negative integer, got ${config.trainFilterMaxRows}`,
    );
  }
  if (!TRAIN_FILTER_RULES.includes(resolved.trainFilterRule)) {
    throw new RangeError(
      `split config: trainFilterRule: expected ${TRAIN_FILTER_RULES.join(' or ')}, got ${JSON.stringify(config.trainFilterRule)}`,
    );
  }
  for (let a = 0; a < SPLIT_NAMES.length; a++) {
    for (let b = a + 1; b < SPLIT_NAMES.length; b++) {
      const ra = resolved[SPLIT_NAMES[a]];
      const rb = resolved[SPLIT_NAMES[b]];
      if (ra.first <= rb.last && rb.first <= ra.last) {
        throw new RangeError(
          `split config: ${SPLIT_NAMES[a]} (${formatDay(ra.first)}..${formatDay(ra.last)}) overlaps ` +
            `${SPLIT_NAMES[b]} (${formatDay(rb.first)}..${formatDay(rb.last)})`,
        );
      }
    }
  }
  return resolved;
}

/** The days of a range, ascending. */
export function daysOf(range: ResolvedDayRange): number[] {
  const days: number[] = [];
  for (let d = range.first; d <= range.last; d++) days.push(d);
  return days;
}
