/**
 * Seeded group sampling for `--max-groups`: evaluation on a uniform sample of each day's groups keeps
 * predict/evaluate bounded when a grouping has 100 million candidates. `rank` never samples.
 */
import type { TestGroups } from '@wemoms/dataset';

/** Mulberry32: a small, fast, well-mixed 32-bit PRNG; seeded per (seed, salt) so samples are stable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const random = mulberry32((seed * 0x9e3779b1) ^ salt);
  // Partial Fisher-Yates over group indices, then sort the chosen ones back into order.
  const index = new Int32Array(groups.length);
  for (let i = 0; i < index.length; i++) index[i] = i;
  for (let i = 0; i < maxGroups; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  const chosen = index.slice(0, maxGroups).sort();
  let entries = 0;
  for (const g of chosen) entries += groups.offsets[g + 1] - groups.offsets[g];
  const offsets = new Int32Array(maxGroups + 1);
  const post = new Int32Array(entries);
  const label = new Uint8Array(entries);
  const groupId = new Int32Array(maxGroups);
  const user = new Int32Array(maxGroups);
  const time = new Float64Array(maxGroups);
  let k = 0;
  chosen.forEach((g, i) => {
    groupId[i] = groups.groupId[g];
    user[i] = groups.user[g];
    time[i] = groups.time[g];
    const from = groups.offsets[g];
    const to = groups.offsets[g + 1];
    post.set(groups.post.subarray(from, to), k);
    label.set(groups.label.subarray(from, to), k);
    k += to - from;
    offsets[i + 1] = k;
  });
  return { ...groups, length: maxGroups, groupId, user, time, offsets, post, label };
}
