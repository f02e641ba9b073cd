/**
 * The published facts of the real sample (DESIGN section 4), and the same facts measured on any raw
 * log: the calibration targets of the generator and what its tests check. Plain typed-array sweeps.
 */
import { type RawTable, utcDay } from '@wemoms/data-schema';

/** The real sample's facts (99,886 rows after de-duplication, 2023-01-02..2023-02-01). */
export const REAL_SAMPLE_FACTS = {
  rows: 99_886,
  opened: 14_529,
  openRate: 14_529 / 99_886,
  distinctPosts: 82_000,
  postsShownOnce: 68_025,
  postsShownTwice: 11_822,
  postsShownThrice: 2_023,
  maxViewsOfAPost: 29,
  /** Train rows left by the train filter, as a share of all rows (51,142 / 99,886). */
  trainFilterKeptShare: 51_142 / 99_886,
} as const;

/** Train days of the default split (DESIGN section 3) and the train filter threshold. */
export const DEFAULT_TRAIN_DAYS = { first: '2023-01-03', last: '2023-01-25', filterMaxRows: 4 } as const;

export interface LogFacts {
  readonly rows: number;
  readonly opened: number;
  readonly openRate: number;
  readonly distinctUsers: number;
  readonly distinctPosts: number;
  /** viewsHistogram[k] = posts shown exactly k times (index 0 unused). */
  readonly viewsHistogram: number[];
  readonly maxViewsOfAPost: number;
  /** Share of rows whose viewer is pregnant / is in France. */
  readonly pregnantRowShare: number;
  readonly franceRowShare: number;
  /** Share of distinct viewers pregnant at their first row. */
  readonly pregnantUserShare: number;
  /** Rows with the same (user, post) shown before: re-views. */
  readonly repeatViewRows: number;
  /** Train rows before the train filter and kept after it (as counts). */
  readonly trainRows: number;
  readonly trainRowsKept: number;
  /** Rows per UTC day, from the first day of the log. */
  readonly rowsPerDay: number[];
  readonly firstDay: number;
}

/** Measures the facts of a (de-duplicated) raw table; train days are epoch days, inclusive. */
export function measureLogFacts(
  table: RawTable,
  train: { first: number; last: number; filterMaxRows: number },
): LogFacts {
  const n = table.length;
  const c = table.columns;
  const user = c.user_id.codes;
  const post = c.trackable_id.codes;
  const time = c.tracker_created_at;
  const openedCol = c.has_been_opened;
  const userCount = c.user_id.dictionary.length;
  const postCount = c.trackable_id.dictionary.length;
  const views = new Int32Array(postCount);
  const userSeen = new Uint8Array(userCount);
  const trainRowsOfUser = new Int32Array(userCount);
  const trainOpensOfUser = new Int32Array(userCount);
  const fr = c.user_country_code.dictionary.indexOf('FR');
  const pairs = new Set<number>();
  let opened = 0;
  let pregnantRows = 0;
  let franceRows = 0;
  let pregnantUsers = 0;
  let distinctUsers = 0;
  let repeatViewRows = 0;
  let trainRows = 0;
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < n; r++) {
    const d = utcDay(time[r]);
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  const rowsPerDay = new Array<number>(n > 0 ? lastDay - firstDay + 1 : 0).fill(0);
  for (let r = 0; r < n; r++) {
    const u = user[r];
    opened += openedCol[r];
    pregnantRows += c.user_is_pregnant[r];
    if (c.user_country_code.codes[r] === fr) franceRows++;
    views[post[r]]++;
    if (userSeen[u] === 0) {
      userSeen[u] = 1;
      distinctUsers++;
      pregnantUsers += c.user_is_pregnant[r];
    }
    const key = post[r] * userCount + u;
    if (pairs.has(key)) repeatViewRows++;
    else pairs.add(key);
    const d = utcDay(time[r]);
    rowsPerDay[d - firstDay]++;
    if (d >= train.first && d <= train.last) {
      trainRows++;
      trainRowsOfUser[u]++;
      trainOpensOfUser[u] += openedCol[r];
    }
  }
  let distinctPosts = 0;
  let maxViews = 0;
  const histogram = [0];
  for (let p = 0; p < postCount; p++) {
    const v = views[p];
    if (v === 0) continue;
    distinctPosts++;
    if (v > maxViews) maxViews = v;
    while (histogram.length <= v) histogram.push(0);
    histogram[v]++;
  }
  let dropped = 0;
  for (let u = 0; u < userCount; u++) {
    if (trainRowsOfUser[u] > 0 && trainRowsOfUser[u] <= train.filterMaxRows && trainOpensOfUser[u] === 0) {
      dropped += trainRowsOfUser[u];
    }
  }
  return {
    rows: n,
    opened,
    openRate: n > 0 ? opened / n : 0,
    distinctUsers,
    distinctPosts,
    viewsHistogram: histogram,
    maxViewsOfAPost: maxViews,
    pregnantRowShare: n > 0 ? pregnantRows / n : 0,
    franceRowShare: n > 0 ? franceRows / n : 0,
    pregnantUserShare: distinctUsers > 0 ? pregnantUsers / distinctUsers : 0,
    repeatViewRows,
    trainRows,
    trainRowsKept: trainRows - dropped,
    rowsPerDay,
    firstDay,
  };
}
