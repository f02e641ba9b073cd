import { AGE_BUCKETS, ageBucket, ageCohortIndex, COHORT_COUNTERS, cohortRange } from '../age-cohorts.js';
import { postCountsAsOf } from '../as-of.js';
import { VELOCITY_AGE_OFFSET_HOURS } from '../definitions/constants.js';
import { makeFrame } from '../frame.js';
import type { FeatureCategory, FeatureContext, FeatureSpec } from '../types.js';

/** Feature name stem of each counter, in COHORT_COUNTERS order. */
const STEMS = ['likes', 'comments', 'survey_answers'] as const;

const OUTPUTS: FeatureSpec[] = [
  ...STEMS.map((s): FeatureSpec => ({ name: `quality_${s}_per_hour`, type: 'numeric' })),
  ...STEMS.map((s): FeatureSpec => ({ name: `quality_${s}_vs_same_age`, type: 'numeric' })),
];

export { VELOCITY_AGE_OFFSET_HOURS };

/** Int32 values per log row in rowCounters: likes, comments, survey answers, post age in minutes. */
const STRIDE = 4;

/**
 * The log columns postQuality reads of a counters' row, interleaved (16 bytes per row, four rows per
 * cache line): a candidate's counters' row is anywhere in the log, and one line per candidate beats four
 * scattered column reads. Built once per context, kept in its index store (`context.indexes.postQualityRows`).
 */
function rowCounters(context: FeatureContext): Int32Array {
  let table = context.indexes.postQualityRows;
  if (table !== undefined) return table;
  const c = context.log.columns;
  const n = context.log.length;
  const columns = [...COHORT_COUNTERS.map((name) => c[name]), c.post_age_in_minutes];
  table = new Int32Array(n * STRIDE);
  for (let k = 0; k < STRIDE; k++) {
    const column = columns[k];
    for (let r = 0; r < n; r++) table[r * STRIDE + k] = column[r];
  }
  context.indexes.postQualityRows = table;
  return table;
}

/** ln(1 + n) of the small integers counters mostly are, computed once: a table read instead of a log. */
const LOG1P_TABLE = Float64Array.from({ length: 1 << 14 }, (_, n) => Math.log1p(n));
const log1pCount = (n: number) => (n >= 0 && n < LOG1P_TABLE.length ? LOG1P_TABLE[n] : Math.log1p(n));

/**
 * How well the post is doing, as of t, from its counters (likes, comments, survey answers) at its latest
 * observation strictly before t (the as-of rule: none, then every column is missing). Raw counts say
 * little without the age they were counted at: a post with 10 likes at 1 hour is not one with 10 likes
 * at 2 days. So:
 * - velocity `quality_<counter>_per_hour` = count / (age at that observation + 1 h), never the age at t;
 * - `quality_<counter>_vs_same_age` = ln(1 + count) - ln(1 + mean), the mean over every observation of any
 *   post made at a similar age (AGE_BUCKET_EDGES_HOURS) during the week before t: above 0, the post does
 *   better than posts of its age did lately. NaN when no such observation exists.
 * Observations strictly before t only: leak-free like every category.
 */
export const postQualityCategory: FeatureCategory = {
  name: 'postQuality',
  keys: ['post', 'time'],
  outputs: OUTPUTS,
  build(context, batch) {
    const { queries, alloc } = batch;
    const q = queries.length;
    const row = postCountsAsOf(context, batch);
    const index = ageCohortIndex(context);
    const values = rowCounters(context);
    const velocity = STEMS.map(() => alloc.float32(q));
    const relative = STEMS.map(() => alloc.float32(q));
    const [likesVelocity, commentsVelocity, surveysVelocity] = velocity;
    const [likesRelative, commentsRelative, surveysRelative] = relative;
    const range = new Int32Array(2);
    // ln(1 + cohort mean) per bucket and counter, recomputed when t changes (a test group's candidates
    // share t); NaN without a cohort.
    const logMeans = new Float64Array(STEMS.length * AGE_BUCKETS);
    const meanTime = new Float64Array(AGE_BUCKETS).fill(Number.NaN);
    const time = queries.time;
    for (let i = 0; i < q; i++) {
      const r = row[i];
      if (r < 0) {
        likesVelocity[i] = commentsVelocity[i] = surveysVelocity[i] = Number.NaN;
        likesRelative[i] = commentsRelative[i] = surveysRelative[i] = Number.NaN;
        continue;
      }
      const v = r * STRIDE;
      const likes = values[v];
      const comments = values[v + 1];
      const surveys = values[v + 2];
      const hours = values[v + 3] / 60;
      const bucket = ageBucket(hours);
      const t = time[i];
      const at = bucket * STEMS.length;
      if (meanTime[bucket] !== t) {
        cohortRange(index, bucket, t, range);
        const [a, b] = range;
        for (let k = 0; k < STEMS.length; k++) {
          const sums = index.sums[k];
          logMeans[at + k] = b > a ? Math.log1p((sums[b] - sums[a]) / (b - a)) : Number.NaN;
        }
        meanTime[bucket] = t;
      }
      const ageOffset = hours + VELOCITY_AGE_OFFSET_HOURS;
      likesVelocity[i] = likes / ageOffset;
      commentsVelocity[i] = comments / ageOffset;
      surveysVelocity[i] = surveys / ageOffset;
      likesRelative[i] = log1pCount(likes) - logMeans[at];
      commentsRelative[i] = log1pCount(comments) - logMeans[at + 1];
      surveysRelative[i] = log1pCount(surveys) - logMeans[at + 2];
    }
    const columns: Record<string, Float32Array> = {};
    STEMS.forEach((s, k) => {
      columns[`quality_${s}_per_hour`] = velocity[k];
      columns[`quality_${s}_vs_same_age`] = relative[k];
    });
    return makeFrame(OUTPUTS, q, columns);
  },
};
