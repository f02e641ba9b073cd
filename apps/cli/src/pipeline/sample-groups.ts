/**
 * Seeded group sampling for `--max-groups`: evaluation on a uniform sample of each day's groups keeps
 * predict/evaluate bounded when a grouping has 100 million candidates. `rank` never samples.
 */
import { subsetGroups, type TestGroups } from '@wemoms/dataset';
import { seededRandom } from '@wemoms/metrics';

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
  const random = seededRandom((seed * 0x9e3779b1) ^ salt);
  // Partial Fisher-Yates over group indices, then sort the chosen ones back into order.
  const index = new Int32Array(groups.length);
  for (let i = 0; i < index.length; i++) index[i] = i;
  for (let i = 0; i < maxGroups; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  return subsetGroups(groups, index.slice(0, maxGroups).sort());
}
