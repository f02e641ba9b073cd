import type { TestGroups } from '@wemoms/dataset';
import { randomScores } from '@wemoms/metrics';

/**
 * Which serving groups (one per active user) the demo exports: at most `maxUsers`, seeded. Users with an
 * open of yesterday's posts are what the page is about ("a random user with opens"), and are a minority,
 * so up to half the sample is drawn from them first, the rest uniformly from everyone left. Returns
 * group indices in ascending order.
 */
export function sampleUsers(groups: TestGroups, maxUsers: number, seed: number): Int32Array {
  if (!Number.isInteger(maxUsers) || maxUsers < 1)
    throw new RangeError(`maxUsers: expected a positive integer, got ${maxUsers}`);
  if (groups.length <= maxUsers) return Int32Array.from({ length: groups.length }, (_, g) => g);
  const keys = randomScores(groups.length, seed);
  const byKey = (a: number, b: number) => keys[a] - keys[b] || a - b;
  const withOpens: number[] = [];
  const others: number[] = [];
  for (let g = 0; g < groups.length; g++) {
    let opens = 0;
    for (let i = groups.offsets[g]; i < groups.offsets[g + 1]; i++) opens += groups.label[i];
    (opens > 0 ? withOpens : others).push(g);
  }
  withOpens.sort(byKey);
  const chosen = withOpens.slice(0, Math.ceil(maxUsers / 2));
  const rest = [...withOpens.slice(chosen.length), ...others].sort(byKey);
  chosen.push(...rest.slice(0, maxUsers - chosen.length));
  return Int32Array.from(chosen).sort();
}
