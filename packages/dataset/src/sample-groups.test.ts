import { describe, expect, it } from 'vitest';
import { groupSampleSalt, sampleGroups, sampleIndices } from './sample-groups.js';
import type { TestGroups } from './test-groups.js';

/** `n` one-post groups of one grouping and day (group g: user 1000 + g, post g). */
function groupsOf(n: number, grouping: TestGroups['grouping'] = 'userDay', day = 19_385): TestGroups {
  return {
    grouping,
    day,
    candidates: 'previousDayPosts',
    length: n,
    groupId: Int32Array.from({ length: n }, (_, g) => g),
    user: Int32Array.from({ length: n }, (_, g) => 1000 + g),
    time: Float64Array.from({ length: n }, (_, g) => g * 1e6),
    offsets: Int32Array.from({ length: n + 1 }, (_, g) => g),
    post: Int32Array.from({ length: n }, (_, g) => g),
    label: new Uint8Array(n),
  };
}

describe('sampleGroups (the CLI and the demo sample with it)', () => {
  it('keeps every group when small enough or unbounded, else maxGroups whole groups in order', () => {
    const all = groupsOf(50);
    expect(sampleGroups(all, null, 1)).toBe(all);
    expect(sampleGroups(all, 50, 1)).toBe(all);
    const s = sampleGroups(all, 10, 1);
    expect(s.length).toBe(10);
    expect(new Set(s.user).size).toBe(10);
    expect(Array.from(s.user)).toEqual([...s.user].sort((a, b) => a - b));
    expect(Array.from(s.post)).toEqual(Array.from(s.user, (u) => u - 1000));
  });

  it('is seeded by the seed, the grouping and the day, and nothing else', () => {
    const users = (g: TestGroups) => Array.from(g.user);
    const base = users(sampleGroups(groupsOf(200), 20, 7));
    expect(users(sampleGroups(groupsOf(200), 20, 7))).toEqual(base);
    expect(users(sampleGroups(groupsOf(200), 20, 8))).not.toEqual(base);
    expect(users(sampleGroups(groupsOf(200, 'impressions'), 20, 7))).not.toEqual(base);
    expect(users(sampleGroups(groupsOf(200, 'userDay', 19_386), 20, 7))).not.toEqual(base);
  });

  it('pins the sample of a given seed (what `wemoms predict --max-groups` and the demo day table evaluate)', () => {
    expect(groupSampleSalt('event', 19_385)).toBe(119_388);
    expect(groupSampleSalt('userDay', 19_385)).toBe(219_391);
    expect(groupSampleSalt('impressions', 19_385)).toBe(319_394);
    expect(Array.from(sampleIndices(100, 5, 42, groupSampleSalt('userDay', 19_385)))).toEqual([
      25, 31, 36, 84, 85,
    ]);
  });

  it('samples uniformly: every group equally often over many seeds', () => {
    const counts = new Int32Array(20);
    const runs = 4000;
    for (let seed = 0; seed < runs; seed++) for (const g of sampleIndices(20, 5, seed, 3)) counts[g]++;
    // Each group is chosen with probability 5 / 20: 1,000 of 4,000 runs, binomial sd about 27.
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(110);
  });
});
