import { formatDay, type RawTable, utcDay } from '@wemoms/data-schema';
import {
  type ResolvedDayRange,
  type ResolvedSplitConfig,
  resolveSplitConfig,
  SPLIT_NAMES,
  type SplitConfig,
  type TrainFilterRule,
} from './split-config.js';

/** Size of one split. */
export interface SplitPartSummary {
  readonly rows: number;
  readonly users: number;
  readonly posts: number;
  /** Opened rows. */
  readonly positives: number;
  readonly firstDay: string;
  readonly lastDay: string;
}

export interface TrainFilterSummary {
  readonly maxRows: number;
  readonly rule: TrainFilterRule;
  readonly rowsBefore: number;
  readonly usersBefore: number;
  readonly droppedUsers: number;
  readonly droppedRows: number;
}

export interface SplitSummary {
  /** Rows of the de-duplicated log given to splitLog. */
  readonly rows: number;
  /** First and last UTC day with an impression (null for an empty log). */
  readonly logFirstDay: string | null;
  readonly logLastDay: string | null;
  /** Rows whose day is in no configured range (by default the log's incomplete first day). */
  readonly outsideRanges: number;
  readonly train: SplitPartSummary;
  readonly trainFilter: TrainFilterSummary;
  readonly eval: SplitPartSummary;
  readonly test: SplitPartSummary;
  /** Things a user should know but that do not stop the run (empty range, incomplete day used...). */
  readonly warnings: string[];
}

export interface LogSplit {
  /** Row indices into the de-duplicated log, ascending; train is after the train filter. */
  readonly train: Int32Array;
  readonly eval: Int32Array;
  readonly test: Int32Array;
  readonly summary: SplitSummary;
}

const SPLIT_CODE = { train: 0, eval: 1, test: 2 } as const;
const OUTSIDE = 255;

function partSummary(table: RawTable, rows: Int32Array, range: ResolvedDayRange): SplitPartSummary {
  const user = table.columns.user_id.codes;
  const post = table.columns.trackable_id.codes;
  const opened = table.columns.has_been_opened;
  const seenUser = new Uint8Array(table.columns.user_id.dictionary.length);
  const seenPost = new Uint8Array(table.columns.trackable_id.dictionary.length);
  let users = 0;
  let posts = 0;
  let positives = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (seenUser[user[r]] === 0) {
      seenUser[user[r]] = 1;
      users++;
    }
    if (seenPost[post[r]] === 0) {
      seenPost[post[r]] = 1;
      posts++;
    }
    positives += opened[r];
  }
  return {
    rows: rows.length,
    users,
    posts,
    positives,
    firstDay: formatDay(range.first),
    lastDay: formatDay(range.last),
  };
}

function collect(splitOf: Uint8Array, code: number, count: number): Int32Array {
  const rows = new Int32Array(count);
  let k = 0;
  for (let r = 0; r < splitOf.length; r++) if (splitOf[r] === code) rows[k++] = r;
  return rows;
}

function warningsFor(
  config: ResolvedSplitConfig,
  firstDay: number,
  lastDay: number,
  parts: Record<(typeof SPLIT_NAMES)[number], SplitPartSummary>,
  trainRowsBefore: number,
): string[] {
  const warnings: string[] = [];
  if (!(config.train.last < config.eval.first && config.eval.last < config.test.first)) {
    warnings.push('split ranges are not in train < eval < test order: training may see the future');
  }
  for (const name of SPLIT_NAMES) {
    const range = config[name];
    const rowsInRange = name === 'train' ? trainRowsBefore : parts[name].rows;
    if (rowsInRange === 0) warnings.push(`${name} range has no rows`);
    else if (parts[name].rows === 0) warnings.push('the train filter removed every train row');
    if (Number.isFinite(firstDay)) {
      if (range.first <= firstDay && firstDay <= range.last) {
        warnings.push(`${name} range includes the log's first day ${formatDay(firstDay)}, likely incomplete`);
      }
      if (range.first <= lastDay && lastDay <= range.last) {
        warnings.push(`${name} range includes the log's last day ${formatDay(lastDay)}, likely incomplete`);
      }
    }
  }
  return warnings;
}

/**
 * Splits the de-duplicated log on `tracker_created_at` (UTC days, inclusive ranges) into train, eval and
 * test row indices, then applies the train filter: a user whose train rows number at most
 * `trainFilterMaxRows` (and, under the `unopened` rule, are all unopened) loses those rows. The filter looks at train rows only, so
 * it never peeks at eval or test. Rows outside every range are counted, not silently lost.
 */
export function splitLog(table: RawTable, config: SplitConfig): LogSplit {
  const resolved = resolveSplitConfig(config);
  const n = table.length;
  const time = table.columns.tracker_created_at;
  const user = table.columns.user_id.codes;
  const opened = table.columns.has_been_opened;
  const userCount = table.columns.user_id.dictionary.length;

  const splitOf = new Uint8Array(n).fill(OUTSIDE);
  const counts = [0, 0, 0];
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  let outside = 0;
  const trainRowsOfUser = new Int32Array(userCount);
  const trainOpensOfUser = new Int32Array(userCount);
  for (let r = 0; r < n; r++) {
    const day = utcDay(time[r]);
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
    let code: number = OUTSIDE;
    if (day >= resolved.train.first && day <= resolved.train.last) {
      code = SPLIT_CODE.train;
      trainRowsOfUser[user[r]]++;
      trainOpensOfUser[user[r]] += opened[r];
    } else if (day >= resolved.eval.first && day <= resolved.eval.last) code = SPLIT_CODE.eval;
    else if (day >= resolved.test.first && day <= resolved.test.last) code = SPLIT_CODE.test;
    splitOf[r] = code;
    if (code === OUTSIDE) outside++;
    else counts[code]++;
  }

  const trainBefore = collect(splitOf, SPLIT_CODE.train, counts[SPLIT_CODE.train]);
  const maxRows = resolved.trainFilterMaxRows;
  const rule = resolved.trainFilterRule;
  // `unopened` looks at the labels (the study's rule); `rows` only at how many rows she has.
  const dropped = (u: number) =>
    trainRowsOfUser[u] <= maxRows && (rule === 'rows' || trainOpensOfUser[u] === 0);
  let droppedUsers = 0;
  let usersBefore = 0;
  for (let u = 0; u < userCount; u++) {
    if (trainRowsOfUser[u] === 0) continue;
    usersBefore++;
    if (dropped(u)) droppedUsers++;
  }
  let kept = 0;
  for (let i = 0; i < trainBefore.length; i++) {
    if (!dropped(user[trainBefore[i]])) trainBefore[kept++] = trainBefore[i];
  }
  const train = trainBefore.slice(0, kept);
  const evalRows = collect(splitOf, SPLIT_CODE.eval, counts[SPLIT_CODE.eval]);
  const test = collect(splitOf, SPLIT_CODE.test, counts[SPLIT_CODE.test]);

  const parts = {
    train: partSummary(table, train, resolved.train),
    eval: partSummary(table, evalRows, resolved.eval),
    test: partSummary(table, test, resolved.test),
  };
  const summary: SplitSummary = {
    rows: n,
    logFirstDay: n > 0 ? formatDay(firstDay) : null,
    logLastDay: n > 0 ? formatDay(lastDay) : null,
    outsideRanges: outside,
    train: parts.train,
    trainFilter: {
      maxRows,
      rule,
      rowsBefore: counts[SPLIT_CODE.train],
      usersBefore,
      droppedUsers,
      droppedRows: counts[SPLIT_CODE.train] - kept,
    },
    eval: parts.eval,
    test: parts.test,
    warnings: warningsFor(resolved, firstDay, lastDay, parts, counts[SPLIT_CODE.train]),
  };
  return { train, eval: evalRows, test, summary };
}
