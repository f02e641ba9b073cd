import { activeArena, float64Array, int32Array } from './arena.js';
import { asOfRows, keyIndex, validateQueries } from './key-index.js';
import { elapsedDays } from './profile-time.js';
import { keyPositionAt, searchHints } from './search.js';
import type { FeatureContext, QueryPoints } from './types.js';

/**
 * The observation a query reads an entity's fields from, and how far it lies from the query time. One
 * as-of rule for every query, train row or test candidate alike (README "Rules"): profile and static post
 * fields come from the entity's latest observation strictly before t, or, when it has none, its earliest
 * observation (a profile or a post's media and author exist before they are first logged); the post's
 * counters (likes, comments, survey answers, first comment) only from an observation strictly before t,
 * never a later one (issue 19: a later row counts what happened after t). "Strictly before" (not "at or
 * before") means a row never reads the impression at its own instant, so removing the impression at t
 * leaves the features at t unchanged whenever history exists.
 */
export interface AsOfRows {
  /** Log row, -1 when the entity never occurs in the log. */
  readonly row: Int32Array;
  /** (t - observation time) in days; negative when the fallback observation is after t; NaN for row -1. */
  readonly elapsedDays: Float64Array;
}

function withElapsed(context: FeatureContext, queries: QueryPoints, row: Int32Array): AsOfRows {
  const time = context.log.columns.tracker_created_at;
  const elapsed = float64Array(queries.length);
  const t = queries.time;
  for (let i = 0; i < queries.length; i++) {
    const r = row[i];
    elapsed[i] = r >= 0 ? elapsedDays(time[r], t[i]) : Number.NaN;
  }
  return { row, elapsedDays: elapsed };
}

// Several categories (post, extra; user, extra) read the same as-of rows of one QueryPoints object.
type AsOfKind = 'user' | 'post';
type Entry = { context: FeatureContext; postCounts?: Int32Array } & Partial<Record<AsOfKind, AsOfRows>>;
const cache = new WeakMap<QueryPoints, Entry>();

function entryOf(context: FeatureContext, queries: QueryPoints): Entry {
  // Rows in recycled arrays are memoised with the arena (for one batch), never in the global cache.
  const arena = activeArena();
  const memo = (arena?.memo ?? cache) as typeof cache;
  let entry = memo.get(queries);
  if (entry === undefined || entry.context !== context) {
    entry = { context };
    memo.set(queries, entry);
  }
  return entry;
}

function cached(context: FeatureContext, queries: QueryPoints, kind: AsOfKind): AsOfRows {
  const entry = entryOf(context, queries);
  let result = entry[kind];
  if (result === undefined) {
    validateQueries(context, queries);
    const keys = kind === 'user' ? queries.user : queries.post;
    result = withElapsed(context, queries, asOfRows(keyIndex(context, kind), keys, queries.time));
    entry[kind] = result;
  }
  return result;
}

/** Where each query reads the viewer's profile. */
export function userAsOf(context: FeatureContext, queries: QueryPoints): AsOfRows {
  return cached(context, queries, 'user');
}

/**
 * Where each query reads the post's static fields (media, author), which may come from any observation:
 * the latest strictly before t, else the earliest. Its counters come from postCountsAsOf.
 */
export function postAsOf(context: FeatureContext, queries: QueryPoints): AsOfRows {
  return cached(context, queries, 'post');
}

/**
 * The static as-of rows restricted to observations strictly before t (row -1 otherwise). The static rule
 * picks the latest observation before t whenever one exists, so this is that row or nothing: no search.
 */
function strictlyBefore(context: FeatureContext, queries: QueryPoints, post: Int32Array): Int32Array {
  const time = context.log.columns.tracker_created_at;
  const q = queries.length;
  const row = int32Array(q);
  const t = queries.time;
  for (let i = 0; i < q; i++) {
    const r = post[i];
    row[i] = r >= 0 && time[r] < t[i] ? r : -1;
  }
  return row;
}

/**
 * Where each query reads the post's counters (likes, comments, survey answers, first comment): its
 * latest observation strictly before t (a log row per query), -1 when it has none. No fallback to a later
 * observation, for train rows and test candidates alike: such a row counts likes and comments made after
 * t, which nothing knows at serving time (issue 19). The counters are then missing (NaN), and the model's
 * missing indicator says so.
 */
export function postCountsAsOf(context: FeatureContext, queries: QueryPoints): Int32Array {
  const entry = entryOf(context, queries);
  entry.postCounts ??= strictlyBefore(context, queries, postAsOf(context, queries).row);
  return entry.postCounts;
}

/**
 * How many query points have a post with no observation strictly before their time: those whose counters
 * are missing under the as-of rule (a post never observed at all is not counted). Counts only: one search
 * per point in the post's own events, nothing allocated, so predict can report it for every chunk.
 */
export function countWithoutEarlierObservation(context: FeatureContext, queries: QueryPoints): number {
  validateQueries(context, queries);
  const index = keyIndex(context, 'post');
  const offsets = index.offsets;
  const hint = searchHints(index, 0);
  const posts = queries.post;
  const t = queries.time;
  let count = 0;
  for (let i = 0; i < queries.length; i++) {
    const p = posts[i];
    if (p < 0 || offsets[p] === offsets[p + 1]) continue;
    if (keyPositionAt(index, hint, p, t[i]) === offsets[p]) count++;
  }
  return count;
}
