import { AGE_BUCKETS, ageBucket, ageCohortIndex, COHORT_COUNTERS, cohortRange } from '../ageCohorts.js';
import { float32Array } from '../arena.js';
import { postCountsAsOf } from '../asOf.js';
import { makeFrame } from '../frame.js';
import type { FeatureCategory, FeatureSpec } from '../types.js';

/** Feature name stem of each counter, in COHORT_COUNTERS order. */
const STEMS = ['likes', 'comments', 'survey_answers'] as const;

const OUTPUTS: FeatureSpec[] = [
  ...STEMS.map((s): FeatureSpec => ({ name: `quality_${s}_per_hour`, type: 'numeric' })),
  ...STEMS.map((s): FeatureSpec => ({ name: `quality_${s}_vs_same_age`, type: 'numeric' })),
];

/**
 * Hours added to the age a rate divides by: a post counted minutes after publication would otherwise get
 * an absurd rate from its first like. One hour, a round figure, not fitted.
 */
export const VELOCITY_AGE_OFFSET_HOURS = 1;

/**
 * How well the post is doing, as of t, from its counters (likes, comments, survey answers) at its latest
 * observation strictly before t (the as-of rule: none, then every column is missing). Raw counts say
 * little without the age they were counted at: a post with 10 likes at 1 hour is not one with 10 likes
 * at 2 days. So:
 * - velocity `quality_<counter>_per_hour` = count / (age at that observation + 1 h), never the age at t;
 * - `quality_<counter>_vs_same_age` = ln((count + 1) / (mean + 1)), the mean over every observation of any
 *   post made at a similar age (AGE_BUCKET_EDGES_HOURS) during the week before t: above 0, the post does
 *   better than posts of its age did lately. NaN when no such observation exists.
 * Observations strictly before t only: leak-free like every category.
 */
export const postQualityCategory: FeatureCategory = {
  name: 'postQuality',
  keys: ['post', 'time'],
  outputs: OUTPUTS,
  build(context, queries) {
    const q = queries.length;
    const row = postCountsAsOf(context, queries).row;
    const c = context.log.columns;
    const ages = c.post_age_in_minutes;
    const counters = COHORT_COUNTERS.map((name) => c[name]);
    const index = ageCohortIndex(context);
    const velocity = STEMS.map(() => float32Array(q));
    const relative = STEMS.map(() => float32Array(q));
    const range = new Int32Array(2);
    // Cohort means per bucket, recomputed when t changes (a test group's candidates share t).
    const means = new Float64Array(STEMS.length * AGE_BUCKETS);
    const meanTime = new Float64Array(AGE_BUCKETS).fill(Number.NaN);
    const time = queries.time;
    for (let i = 0; i < q; i++) {
      const r = row[i];
      if (r < 0) {
        for (let k = 0; k < STEMS.length; k++) {
          velocity[k][i] = Number.NaN;
          relative[k][i] = Number.NaN;
        }
        continue;
      }
      const hours = ages[r] / 60;
      const bucket = ageBucket(hours);
      const t = time[i];
      if (meanTime[bucket] !== t) {
        cohortRange(index, bucket, t, range);
        const [a, b] = range;
        for (let k = 0; k < STEMS.length; k++) {
          const sums = index.sums[k];
          means[bucket * STEMS.length + k] = b > a ? (sums[b] - sums[a]) / (b - a) : Number.NaN;
        }
        meanTime[bucket] = t;
      }
      for (let k = 0; k < STEMS.length; k++) {
        const count = counters[k][r];
        velocity[k][i] = count / (hours + VELOCITY_AGE_OFFSET_HOURS);
        // NaN mean (no cohort) propagates.
        relative[k][i] = Math.log((count + 1) / (means[bucket * STEMS.length + k] + 1));
      }
    }
    const columns: Record<string, Float32Array> = {};
    STEMS.forEach((s, k) => {
      columns[`quality_${s}_per_hour`] = velocity[k];
      columns[`quality_${s}_vs_same_age`] = relative[k];
    });
    return makeFrame(OUTPUTS, q, columns);
  },
};
