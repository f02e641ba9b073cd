import { MICROS_PER_DAY, MICROS_PER_HOUR, type RawTable } from '@wemoms/data-schema';
import type { QueryPoints } from '../types.js';
import { LOG_START, rng } from './randomLog.js';

/**
 * Query points mixing every log row (train-row queries: exact event instants) with random points: random
 * user and post (sometimes -1 = unknown), times on and off the log's grid, before and after the log.
 */
export function mixedQueries(log: RawTable, seed: number, extra: number): QueryPoints {
  const r = rng(seed);
  const n = log.length + extra;
  const user = new Int32Array(n);
  const post = new Int32Array(n);
  const time = new Float64Array(n);
  for (let i = 0; i < log.length; i++) {
    user[i] = log.columns.user_id.codes[i];
    post[i] = log.columns.trackable_id.codes[i];
    time[i] = log.columns.tracker_created_at[i];
  }
  const users = log.columns.user_id.dictionary.length;
  const posts = log.columns.trackable_id.dictionary.length;
  for (let i = log.length; i < n; i++) {
    user[i] = r() < 0.05 ? -1 : Math.floor(r() * users);
    post[i] = r() < 0.05 ? -1 : Math.floor(r() * posts);
    const onGrid = r() < 0.5 && log.length > 0;
    time[i] = onGrid
      ? log.columns.tracker_created_at[Math.floor(r() * log.length)] + (r() < 0.5 ? 0 : MICROS_PER_DAY)
      : LOG_START - 2 * MICROS_PER_DAY + Math.floor(r() * 45 * 24) * MICROS_PER_HOUR + 17;
  }
  return { length: n, user, post, time };
}
