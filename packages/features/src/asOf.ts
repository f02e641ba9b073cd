import { elapsedDays } from './profileTime.js';
import { sweepLatestBefore } from './sweep/latestBefore.js';
import { queryTimeOrder } from './sweep/queryOrder.js';
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
  const elapsed = new Float64Array(queries.length).fill(Number.NaN);
  for (let i = 0; i < queries.length; i++) {
    const r = row[i];
    if (r >= 0) elapsed[i] = elapsedDays(time[r], queries.time[i]);
  }
  return { row, elapsedDays: elapsed };
}

function latestOrEarliest(
  context: FeatureContext,
  queries: QueryPoints,
  eventKey: Int32Array,
  queryKey: Int32Array,
  firstRow: Int32Array,
): Int32Array {
  const row = sweepLatestBefore(
    context,
    eventKey,
    firstRow.length,
    queryKey,
    queries.time,
    queryTimeOrder(context, queries),
  );
  for (let i = 0; i < row.length; i++) {
    const k = queryKey[i];
    if (row[i] === -1 && k >= 0 && k < firstRow.length) row[i] = firstRow[k];
  }
  return row;
}

/** Where each query reads the viewer's profile. */
export function userAsOf(context: FeatureContext, queries: QueryPoints): AsOfRows {
  const row = latestOrEarliest(
    context,
    queries,
    context.log.columns.user_id.codes,
    queries.user,
    context.userFirstRow,
  );
  return withElapsed(context, queries, row);
}

/**
 * Where each query reads the post's fields: counters (likes, comments, survey answers) and, with the same
 * row, its static fields (media, author), which may come from any observation.
 */
export function postAsOf(context: FeatureContext, queries: QueryPoints): AsOfRows {
  const row = latestOrEarliest(
    context,
    queries,
    context.log.columns.trackable_id.codes,
    queries.post,
    context.postFirstRow,
  );
  return withElapsed(context, queries, row);
}
