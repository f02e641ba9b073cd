/**
 * Seeded group sampling for `--max-groups`: evaluation on a uniform sample of each day's groups keeps
 * predict/evaluate bounded when a grouping has 100 million candidates. `rank` never samples.
 */

import { seededRandom } from '@wemoms/data-schema';
import { subsetGroups, type TestGroups } from '@wemoms/dataset';

/**
 * At most `maxGroups` groups of `groups`, chosen uniformly without replacement (seeded by `seed` and
 * `salt`, e.g. the grouping and day), kept in their original order. Returns `groups` itself when it is
 * small enough or `maxGroups` is null.
 */
export function sampleGroups(
  groups: TestGroups,
  maxGroups: number | null,
  seed: number,
  salt: number,
): TestGroups {
  if (maxGroups === null || groups.length <= maxGroups) return groups;
  return subsetGroups(groups, sampleIndices(groups.length, maxGroups, seed, salt));
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
