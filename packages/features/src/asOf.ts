import { activeArena, float64Array } from './arena.js';
import { asOfRows, keyIndex, validateQueries } from './keyIndex.js';
import { elapsedDays } from './profileTime.js';
import type { FeatureContext, QueryPoints } from './types.js';

/**
 * The observation a query reads an entity's time-varying fields from, and how far it lies from the query
 * time. One as-of rule for every query, train row or test candidate alike (DESIGN section 5, rule 2):
 * the entity's latest observation strictly before t, or, when it has none, its earliest observation.
 * "Strictly before" (not "at or before") means a row never reads the impression at its own instant, so
 * removing the impression at t leaves the features at t unchanged whenever history exists.
 */
export interface AsOfRows {
  /** Log row, -1 when the entity never occurs in the log. */
  readonly row: Int32Array;
  /** (t - observation time) in days; negative when the fallback observation is after t. */
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
const cache = new WeakMap<QueryPoints, { context: FeatureContext; user?: AsOfRows; post?: AsOfRows }>();

function cached(context: FeatureContext, queries: QueryPoints, kind: 'user' | 'post'): AsOfRows {
  // Rows in recycled arrays are memoised with the arena (for one batch), never in the global cache.
  const arena = activeArena();
  const memo = (arena?.memo ?? cache) as typeof cache;
  let entry = memo.get(queries);
  if (entry === undefined || entry.context !== context) {
    entry = { context };
    memo.set(queries, entry);
  }
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
 * Where each query reads the post's fields: counters (likes, comments, survey answers) and, with the same
 * row, its static fields (media, author), which may come from any observation.
 */
export function postAsOf(context: FeatureContext, queries: QueryPoints): AsOfRows {
  return cached(context, queries, 'post');
}
