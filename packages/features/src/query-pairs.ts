import type { ArrayAllocator } from './arena.js';
import { keyIndex } from './key-index.js';
import { lookupPair } from './pair-index.js';
import type { FeatureContext, QueryPoints } from './types.js';

/**
 * queryPairs' scratch, kept in the context's index store (`context.indexes.pairMarks`) and reused from
 * batch to batch: a stamp and a pair id per post code, valid where stamp = the current run.
 */
export interface PairMarks {
  readonly stamp: Int32Array;
  readonly pair: Int32Array;
  run: number;
}

/**
 * The (user, post) pair id of each query point, -1 when the pair never occurs in the log. A test group's
 * thousands of candidates share one user who saw few of those posts, and a hash probe per candidate
 * mostly misses the cache (the table spans the whole log): for a long run of one user, her own events
 * (from the user index) mark the posts she has pairs with, and each candidate reads one mark. Short runs
 * (train rows) and users with many events probe the hash table. Both give the same ids.
 */
export function queryPairs(context: FeatureContext, queries: QueryPoints, alloc: ArrayAllocator): Int32Array {
  const q = queries.length;
  const users = queries.user;
  const posts = queries.post;
  const out = alloc.int32(q);
  const table = context.pairTable;
  let marks = context.indexes.pairMarks;
  let i = 0;
  while (i < q) {
    const u = users[i];
    let end = i + 1;
    while (end < q && users[end] === u) end++;
    const byIndex = u >= 0 && end - i >= 64;
    const index = byIndex ? keyIndex(context, 'user') : null;
    const from = index === null ? 0 : index.offsets[u];
    const to = index === null ? 0 : index.offsets[u + 1];
    if (index !== null && to - from <= 4 * (end - i)) {
      if (marks === undefined) {
        const postCount = context.log.columns.trackable_id.dictionary.length;
        marks = { stamp: new Int32Array(postCount), pair: new Int32Array(postCount), run: 0 };
        context.indexes.pairMarks = marks;
      }
      const { stamp, pair } = marks;
      const run = ++marks.run;
      const logPosts = context.log.columns.trackable_id.codes;
      const rowPair = context.rowPair;
      for (let pos = from; pos < to; pos++) {
        const r = index.rows[pos];
        stamp[logPosts[r]] = run;
        pair[logPosts[r]] = rowPair[r];
      }
      for (let j = i; j < end; j++) {
        const p = posts[j];
        out[j] = p >= 0 && stamp[p] === run ? pair[p] : -1;
      }
    } else {
      for (let j = i; j < end; j++) out[j] = lookupPair(table, u, posts[j]);
    }
    i = end;
  }
  return out;
}
