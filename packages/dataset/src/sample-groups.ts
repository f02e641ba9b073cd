/**
 * Seeded uniform group sampling, one rule for every caller: `wemoms predict` / `evaluate` with
 * `evaluate.maxGroups` (a grouping with 100 million candidates stays bounded), the demo's per-day metrics, and
 * the CLI's candidate-generation probes. The same (groups, maxGroups, seed) gives the same groups everywhere.
 */
import { seededRandom } from '@wemoms/data-schema';
import { subsetGroups } from './subset-groups.js';
import type { TestGroups } from './test-groups.js';

/** Salt of each grouping's sample, so groupings of one day draw independently (values kept from the CLI's). */
const GROUPING_SALT: Record<TestGroups['grouping'], number> = {
  event: 1,
  userDay: 2,
  impressions: 3,
  serving: 4,
};

/** The salt `sampleGroups` uses for one day's groups: the grouping's salt and the day. */
export function groupSampleSalt(grouping: TestGroups['grouping'], day: number): number {
  return GROUPING_SALT[grouping] * 100_003 + day;
}

/**
 * At most `maxGroups` of one day's `groups`, chosen uniformly without replacement, kept whole and in their
 * original order; seeded by `seed` and the groups' grouping and day (`groupSampleSalt`). Returns `groups`
 * itself when it is small enough or `maxGroups` is null.
 */
export function sampleGroups(groups: TestGroups, maxGroups: number | null, seed: number): TestGroups {
  if (maxGroups === null || groups.length <= maxGroups) return groups;
  return subsetGroups(
    groups,
    sampleIndices(groups.length, maxGroups, seed, groupSampleSalt(groups.grouping, groups.day)),
  );
}

/**
 * `k` of the indices 0..n-1 (all of them when k >= n), uniformly without replacement, seeded by `seed`
 * and `salt`, ascending.
 */
export function sampleIndices(n: number, k: number, seed: number, salt: number): Int32Array {
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  if (k >= n) return index;
  const random = seededRandom((seed * 0x9e3779b1) ^ salt);
  // Partial Fisher-Yates over the indices, then sort the chosen ones back into order.
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  return index.slice(0, k).sort();
}
