import type { TestGroups } from './test-groups.js';

/**
 * The groups `chosen` (ascending group indices) of `groups`, whole and in order, as a TestGroups of
 * their own: sampled evaluation groups, one user's serving group, the demo's exported users.
 */
export function subsetGroups(groups: TestGroups, chosen: Int32Array): TestGroups {
  let entries = 0;
  for (let i = 0; i < chosen.length; i++) {
    const g = chosen[i];
    if (!(g >= 0 && g < groups.length) || (i > 0 && g <= chosen[i - 1]))
      throw new RangeError('subsetGroups: chosen must be ascending indices of groups');
    entries += groups.offsets[g + 1] - groups.offsets[g];
  }
  const offsets = new Int32Array(chosen.length + 1);
  const post = new Int32Array(entries);
  const label = new Uint8Array(entries);
  const groupId = new Int32Array(chosen.length);
  const user = new Int32Array(chosen.length);
  const time = new Float64Array(chosen.length);
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
  return { ...groups, length: chosen.length, groupId, user, time, offsets, post, label };
}
