import { lowerBound, MICROS_PER_MINUTE, type RawTable, utcDay } from '@wemoms/data-schema';
import { cachedDictionaryRank } from './ranks.js';

/**
 * What the log tells about each post, indexed by its `trackable_id` code.
 *
 * Creation time = impression time - post_age_in_minutes, taken from the post's **earliest**
 * observation. The real log's ages are whole minutes, so two observations of one post can disagree on
 * its creation time by up to a minute; picking one fixed observation keeps the creation day (and hence
 * the test candidate set) a function of the log alone, and the earliest one is the observation nearest
 * to the creation (the least rounding drift and the one any as-of consumer could have seen first).
 * Among several observations at that same earliest instant the smallest creation time wins, so the
 * result does not depend on row order.
 */
export interface PostCatalog {
  /** The post id dictionary of the log the catalog was built from (shared, not copied). */
  readonly postIds: readonly string[];
  /** Creation time, UTC epoch µs; NaN for a code never observed in the log. */
  readonly creationMicros: Float64Array;
  /** UTC day of the creation time; -2^31 for a code never observed. */
  readonly creationDay: Int32Array;
  /** Time of the post's earliest impression, UTC epoch µs; NaN when never observed. */
  readonly firstSeenMicros: Float64Array;
  /** Rank of each code in ascending post-id order: the tie-break and candidate order key. */
  readonly postRank: Int32Array;
  /**
   * Observed posts sorted by (creation day, post id): the posts created on day `d` are
   * `postsByCreation[dayStart(d) .. dayStart(d + 1))`, see `postsCreatedOn`.
   */
  readonly postsByCreation: Int32Array;
  /** Creation day of each entry of postsByCreation (ascending), for the binary search. */
  readonly postsByCreationDay: Int32Array;
}

export const NO_DAY = -2147483648;

/** Widest creation-day span bucketed by a counting sort; wider (absurd ages) takes the comparison sort. */
const MAX_BUCKETED_DAYS = 1 << 16;

/**
 * The observed posts (creation day != NO_DAY) sorted by (creation day, rank). Ranks are a permutation,
 * so posts in rank order come from inverting it, and a stable counting sort by day keeps that order
 * within each day: two linear passes where a comparison sort of ~800k posts took most of the catalog.
 */
function sortByDayThenRank(creationDay: Int32Array, rank: Int32Array, observed: number): Int32Array {
  const count = creationDay.length;
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < count; p++) {
    const d = creationDay[p];
    if (d === NO_DAY) continue;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const sorted = new Int32Array(observed);
  if (observed === 0) return sorted;
  if (maxDay - minDay >= MAX_BUCKETED_DAYS) {
    let k = 0;
    for (let p = 0; p < count; p++) if (creationDay[p] !== NO_DAY) sorted[k++] = p;
    return sorted.sort((a, b) => creationDay[a] - creationDay[b] || rank[a] - rank[b]);
  }
  const byRank = new Int32Array(count);
  for (let p = 0; p < count; p++) byRank[rank[p]] = p;
  const next = new Int32Array(maxDay - minDay + 2);
  for (let p = 0; p < count; p++) if (creationDay[p] !== NO_DAY) next[creationDay[p] - minDay + 1]++;
  for (let d = 1; d < next.length; d++) next[d] += next[d - 1];
  for (let i = 0; i < count; i++) {
    const p = byRank[i];
    const d = creationDay[p];
    if (d !== NO_DAY) sorted[next[d - minDay]++] = p;
  }
  return sorted;
}

/** Builds the post catalog of a (de-duplicated) log in one pass plus one sort of the posts. */
export function buildPostCatalog(table: RawTable): PostCatalog {
  const postIds = table.columns.trackable_id.dictionary;
  const postCodes = table.columns.trackable_id.codes;
  const time = table.columns.tracker_created_at;
  const age = table.columns.post_age_in_minutes;
  const count = postIds.length;
  const firstSeenMicros = new Float64Array(count).fill(Number.NaN);
  const creationMicros = new Float64Array(count).fill(Number.NaN);
  for (let r = 0; r < table.length; r++) {
    const p = postCodes[r];
    if (p < 0) continue;
    const t = time[r];
    const created = t - age[r] * MICROS_PER_MINUTE;
    const seen = firstSeenMicros[p];
    // NaN compares false, so the first observation of a post always wins the `!(t >= seen)` test.
    if (!(t >= seen)) {
      firstSeenMicros[p] = t;
      creationMicros[p] = created;
    } else if (t === seen && created < creationMicros[p]) {
      creationMicros[p] = created;
    }
  }
  const creationDay = new Int32Array(count).fill(NO_DAY);
  let observed = 0;
  for (let p = 0; p < count; p++) {
    if (!Number.isNaN(creationMicros[p])) {
      creationDay[p] = utcDay(creationMicros[p]);
      observed++;
    }
  }
  const postRank = cachedDictionaryRank(postIds);
  const postsByCreation = sortByDayThenRank(creationDay, postRank, observed);
  const postsByCreationDay = new Int32Array(observed);
  for (let i = 0; i < observed; i++) postsByCreationDay[i] = creationDay[postsByCreation[i]];
  return {
    postIds,
    creationMicros,
    creationDay,
    firstSeenMicros,
    postRank,
    postsByCreation,
    postsByCreationDay,
  };
}

/**
 * The codes of the posts created on UTC day `day`, in ascending post-id order: the test candidates of
 * day `day + 1`. A view into the catalog (do not mutate).
 */
export function postsCreatedOn(catalog: PostCatalog, day: number): Int32Array {
  const start = lowerBound(catalog.postsByCreationDay, day);
  const end = lowerBound(catalog.postsByCreationDay, day + 1);
  return catalog.postsByCreation.subarray(start, end);
}
