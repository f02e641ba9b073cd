import { MICROS_PER_DAY } from '@wemoms/data-schema';
import { lowerBoundNear, searchHints } from './search.js';
import type { FeatureContext } from './types.js';

/**
 * Upper edges (hours) of the post-age buckets: [0, 1), [1, 2), [2, 4) ... [64, 128), then 128 h and more.
 * Doubling widths: a post's counters grow fastest in its first hours, so young ages need finer buckets.
 */
export const AGE_BUCKET_EDGES_HOURS = [1, 2, 4, 8, 16, 32, 64, 128] as const;
export const AGE_BUCKETS = AGE_BUCKET_EDGES_HOURS.length + 1;

/** How far back the observations a post is compared with may lie: the trailing week (the app's rhythm). */
export const COHORT_WINDOW_MICROS = 7 * MICROS_PER_DAY;

/** The bucket of a post age in hours (NaN or negative ages go to the first bucket). */
export function ageBucket(hours: number): number {
  if (!(hours >= 1)) return 0;
  if (hours >= 128) return 8;
  // Doubling edges: the bucket of [2^(b-1), 2^b) is b, the bit length of floor(hours).
  return 32 - Math.clz32(hours);
}

/** The counters summed by the cohort index, in this order. */
export const COHORT_COUNTERS = ['post_likes_count', 'post_comments_count', 'survey_answers_count'] as const;

/**
 * Every log row filed by the post age at which it was observed (AGE_BUCKETS keys, CSR), in time order,
 * with running sums of each counter: the sum of a counter over a bucket's rows in [a, b) is two binary
 * searches and a difference, so "the mean likes of posts observed at this age during the last week" costs
 * O(log n) per query. Counter sums of integers stay exact in float64.
 */
export interface AgeCohortIndex {
  readonly offsets: Int32Array;
  readonly times: Float64Array;
  /** Per counter of COHORT_COUNTERS: sum over CSR positions < pos (length positions + 1). */
  readonly sums: readonly Float64Array[];
  /** Per log row: its age bucket. */
  readonly bucketOfRow: Uint8Array;
  /** Search hints per slot (search.ts): slot 0 at t, slot 1 at t - COHORT_WINDOW_MICROS. */
  readonly hints: Int32Array[];
}

/**
 * The context's age-cohort index, built on first use (one pass over the time order) and kept in its
 * index store (`context.indexes.ageCohorts`).
 */
export function ageCohortIndex(context: FeatureContext): AgeCohortIndex {
  let index = context.indexes.ageCohorts;
  if (index !== undefined) return index;
  const c = context.log.columns;
  const { timeOrder, sortedTimes } = context;
  const n = timeOrder.length;
  const ages = c.post_age_in_minutes;
  const bucketOfRow = new Uint8Array(n);
  for (let r = 0; r < n; r++) bucketOfRow[r] = ageBucket(ages[r] / 60);
  const offsets = new Int32Array(AGE_BUCKETS + 1);
  for (let r = 0; r < n; r++) offsets[bucketOfRow[r] + 1]++;
  for (let b = 0; b < AGE_BUCKETS; b++) offsets[b + 1] += offsets[b];
  const times = new Float64Array(n);
  const rows = new Int32Array(n);
  const fill = offsets.slice(0, AGE_BUCKETS);
  for (let i = 0; i < n; i++) {
    const pos = fill[bucketOfRow[timeOrder[i]]]++;
    times[pos] = sortedTimes[i];
    rows[pos] = timeOrder[i];
  }
  const sums = COHORT_COUNTERS.map((name) => {
    const counter = c[name];
    const sum = new Float64Array(n + 1);
    // One running sum across buckets: callers only take differences within one bucket.
    for (let pos = 0; pos < n; pos++) sum[pos + 1] = sum[pos] + counter[rows[pos]];
    return sum;
  });
  index = { offsets, times, sums, bucketOfRow, hints: [] };
  context.indexes.ageCohorts = index;
  return index;
}

/**
 * Positions [a, b) of bucket `bucket`'s observations in [t - COHORT_WINDOW_MICROS, t), written to
 * `out[0]`, `out[1]`. Hint slots 0 and 1 of the index (search.ts).
 */
export function cohortRange(index: AgeCohortIndex, bucket: number, t: number, out: Int32Array): void {
  const { offsets, times } = index;
  const atHint = searchHints(index, 0);
  const fromHint = searchHints(index, 1);
  const lo = offsets[bucket];
  const hi = offsets[bucket + 1];
  const b = lowerBoundNear(times, lo, hi, atHint[bucket], t);
  atHint[bucket] = b;
  const a = lowerBoundNear(times, lo, b, fromHint[bucket], t - COHORT_WINDOW_MICROS);
  fromHint[bucket] = a;
  out[0] = a;
  out[1] = b;
}
