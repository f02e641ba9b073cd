import { type RawTable, utcDay } from '@wemoms/data-schema';

/** Rows of a log bucketed by UTC day of `tracker_created_at`: rows of day d are ascending in `rows`. */
interface DayIndex {
  readonly length: number;
  readonly firstDay: number;
  /** Length days + 1: rows of day firstDay + k are rows[starts[k] .. starts[k + 1]). */
  readonly starts: Int32Array;
  readonly rows: Int32Array;
}

// A pure memo, kept module-level on purpose: the day index is a function of an immutable table (same
// rows whatever the caller), so no result depends on what ran before; only the time to get it does.
const cache = new WeakMap<RawTable, DayIndex>();

function buildDayIndex(table: RawTable): DayIndex {
  const n = table.length;
  const time = table.columns.tracker_created_at;
  const day = new Int32Array(n);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < n; r++) {
    const d = utcDay(time[r]);
    day[r] = d;
    if (d < first) first = d;
    if (d > last) last = d;
  }
  if (n === 0) return { length: 0, firstDay: 0, starts: new Int32Array(1), rows: new Int32Array(0) };
  const starts = new Int32Array(last - first + 2);
  for (let r = 0; r < n; r++) starts[day[r] - first + 1]++;
  for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
  const next = starts.slice(0, -1);
  const rows = new Int32Array(n);
  for (let r = 0; r < n; r++) rows[next[day[r] - first]++] = r;
  return { length: n, firstDay: first, starts, rows };
}

/**
 * The rows of UTC day `day`, ascending (a view: do not mutate). The first call on a table buckets all
 * its rows by day in one counting sort and later calls reuse it, so building the groups of every
 * grouping and test day costs one pass over the log instead of one or two per grouping and day. Keyed
 * by the table object: tables are not mutated once read.
 */
export function rowsOnDay(table: RawTable, day: number): Int32Array {
  let index = cache.get(table);
  if (index === undefined || index.length !== table.length) {
    index = buildDayIndex(table);
    cache.set(table, index);
  }
  const k = day - index.firstDay;
  if (!(k >= 0 && k < index.starts.length - 1)) return index.rows.subarray(0, 0);
  return index.rows.subarray(index.starts[k], index.starts[k + 1]);
}
