import type { RawTable } from '@wemoms/data-schema';
import { rowsOnDay } from './day-rows.js';
import type { PostCatalog } from './post-catalog.js';

/** The posts created on d-1 each user was shown on d-1 or d, with the impression times. */
export interface SeenPosts {
  /** Posts created on d-1 that `user` was shown strictly before `time` (may repeat a post). */
  before(user: number, time: number): Int32Array;
}

/**
 * Who saw which of the candidate posts of day `day` (the posts created on day - 1) and when, from the
 * log's rows of days day - 1 and day: a personal candidate source for retrieval that reads only
 * impressions strictly before the group's time, so it never sees the day's labels.
 */
export function seenPreviousDayPosts(table: RawTable, catalog: PostCatalog, day: number): SeenPosts {
  const user = table.columns.user_id.codes;
  const post = table.columns.trackable_id.codes;
  const time = table.columns.tracker_created_at;
  const creationDay = catalog.creationDay;
  const users = table.columns.user_id.dictionary.length;
  const days = [rowsOnDay(table, day - 1), rowsOnDay(table, day)];
  const counts = new Int32Array(users + 1);
  for (const rows of days)
    for (let i = 0; i < rows.length; i++)
      if (creationDay[post[rows[i]]] === day - 1) counts[user[rows[i]] + 1]++;
  for (let u = 0; u < users; u++) counts[u + 1] += counts[u];
  const seenPost = new Int32Array(counts[users]);
  const seenTime = new Float64Array(counts[users]);
  const fill = counts.slice(0, users);
  for (const rows of days) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (creationDay[post[r]] !== day - 1) continue;
      const at = fill[user[r]]++;
      seenPost[at] = post[r];
      seenTime[at] = time[r];
    }
  }
  return {
    before(u: number, t: number): Int32Array {
      const out: number[] = [];
      for (let i = counts[u]; i < counts[u + 1]; i++) if (seenTime[i] < t) out.push(seenPost[i]);
      return Int32Array.from(out);
    },
  };
}
