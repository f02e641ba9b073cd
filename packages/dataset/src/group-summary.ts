import { formatDay } from '@wemoms/data-schema';
import { type PostCatalog, postsCreatedOn } from './post-catalog.js';
import type { TestGroups } from './test-groups.js';

/** min / median / max of a count over groups (all 0 when there is no group). */
export interface CountStats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface GroupingDaySummary {
  readonly day: string;
  readonly groups: number;
  readonly positives: number;
  /** Candidate rows of the day's groups. */
  readonly candidates: number;
  /** Posts created on the previous day: the day's candidate pool. */
  readonly previousDayPosts: number;
}

/** Size of one grouping over all test days. */
export interface GroupingSummary {
  /** Candidate rows (group x candidate post). */
  readonly rows: number;
  /** Distinct users with a group. */
  readonly users: number;
  /** Distinct candidate posts. */
  readonly posts: number;
  readonly groups: number;
  readonly positives: number;
  readonly candidatesPerGroup: CountStats;
  readonly positivesPerGroup: CountStats;
  readonly perDay: GroupingDaySummary[];
}

function stats(values: Int32Array): CountStats {
  if (values.length === 0) return { min: 0, median: 0, max: 0 };
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/**
 * Summarises the groups of one grouping (one TestGroups per test day) without expanding candidates:
 * candidate counts come from the group definitions and the catalog's per-day post lists.
 */
export function summariseGrouping(days: readonly TestGroups[], catalog: PostCatalog): GroupingSummary {
  const userCount = days.reduce(
    (m, g) =>
      Math.max(
        m,
        g.user.reduce((a, u) => Math.max(a, u + 1), 0),
      ),
    0,
  );
  const seenUser = new Uint8Array(userCount);
  const seenPost = new Uint8Array(catalog.postIds.length);
  let users = 0;
  let posts = 0;
  let totalGroups = 0;
  for (const g of days) totalGroups += g.length;
  const candidateSizes = new Int32Array(totalGroups);
  const positiveSizes = new Int32Array(totalGroups);
  const markPost = (p: number) => {
    if (seenPost[p] === 0) {
      seenPost[p] = 1;
      posts++;
    }
  };
  let k = 0;
  let rows = 0;
  let positives = 0;
  const perDay: GroupingDaySummary[] = [];
  for (const groups of days) {
    const pool = postsCreatedOn(catalog, groups.day - 1);
    let dayPositives = 0;
    let dayCandidates = 0;
    if (groups.candidates === 'previousDayPosts' && groups.length > 0) pool.forEach(markPost);
    for (let g = 0; g < groups.length; g++, k++) {
      const u = groups.user[g];
      if (seenUser[u] === 0) {
        seenUser[u] = 1;
        users++;
      }
      let groupPositives = 0;
      for (let i = groups.offsets[g]; i < groups.offsets[g + 1]; i++) {
        groupPositives += groups.label[i];
        if (groups.candidates === 'labelledPosts') markPost(groups.post[i]);
      }
      const size =
        groups.candidates === 'previousDayPosts' ? pool.length : groups.offsets[g + 1] - groups.offsets[g];
      candidateSizes[k] = size;
      positiveSizes[k] = groupPositives;
      dayPositives += groupPositives;
      dayCandidates += size;
    }
    rows += dayCandidates;
    positives += dayPositives;
    perDay.push({
      day: formatDay(groups.day),
      groups: groups.length,
      positives: dayPositives,
      candidates: dayCandidates,
      previousDayPosts: pool.length,
    });
  }
  return {
    rows,
    users,
    posts,
    groups: totalGroups,
    positives,
    candidatesPerGroup: stats(candidateSizes),
    positivesPerGroup: stats(positiveSizes),
    perDay,
  };
}
