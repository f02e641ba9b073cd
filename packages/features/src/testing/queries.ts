import { MICROS_PER_DAY, MICROS_PER_HOUR, type RawTable } from '@wemoms/data-schema';
import type { QueryPoints } from '../types.js';
import { LOG_START, rng } from './random-log.js';

/**
 * Query points mixing every log row (train-row queries: exact event instants) with random points: random
 * user and post (sometimes -1 = unknown), times on and off the log's grid, before and after the log.
 */
export function mixedQueries(log: RawTable, seed: number, randomPoints: number): QueryPoints {
  const r = rng(seed);
  const n = log.length + randomPoints;
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

/**
 * Query points shaped like test candidates: `groups` runs of one (user, time) over every post code and
 * one unknown post (-1), so runs are as long as the post dictionary. Group times are log instants (or
 * an hour after one), mostly ascending like dataset's groups, with a few out of order.
 */
export function candidateQueries(log: RawTable, seed: number, groups: number): QueryPoints {
  const r = rng(seed);
  const posts = log.columns.trackable_id.dictionary.length;
  const times = Array.from({ length: groups }, () => {
    const row = Math.floor(r() * log.length);
    return log.columns.tracker_created_at[row] + (r() < 0.5 ? 0 : MICROS_PER_HOUR);
  }).sort((a, b) => a - b);
  for (let g = 1; g < groups; g++) {
    if (r() < 0.2) [times[g - 1], times[g]] = [times[g], times[g - 1]];
  }
  const n = groups * (posts + 1);
  const user = new Int32Array(n);
  const post = new Int32Array(n);
  const time = new Float64Array(n);
  let i = 0;
  for (let g = 0; g < groups; g++) {
    const u = log.columns.user_id.codes[Math.floor(r() * log.length)];
    const unknownAt = Math.floor(r() * (posts + 1));
    for (let k = 0; k <= posts; k++) {
      user[i] = u;
      post[i] = k === unknownAt ? -1 : k < unknownAt ? k : k - 1;
      time[i] = times[g];
      i++;
    }
  }
  return { length: n, user, post, time };
}
