import { describe, expect, it } from 'vitest';
import type { PostCatalog } from './post-catalog.js';
import { restrictCandidates } from './restrict-candidates.js';
import type { TestGroups } from './test-groups.js';

/** Ranks reverse the codes: post 9 has the smallest id. */
const catalog = { postRank: Int32Array.from({ length: 10 }, (_, p) => 9 - p) } as unknown as PostCatalog;

/** Three serving groups; labelled posts in ascending rank order (descending code). */
function groups(): TestGroups {
  return {
    grouping: 'serving',
    day: 19_385,
    candidates: 'previousDayPosts',
    length: 3,
    groupId: Int32Array.of(7, 8, 9),
    user: Int32Array.of(100, 101, 102),
    time: Float64Array.of(1, 2, 3),
    offsets: Int32Array.of(0, 2, 2, 3),
    post: Int32Array.of(6, 2, 5),
    label: Uint8Array.of(1, 1, 1),
  };
}

describe('restrictCandidates', () => {
  it('sorts and de-duplicates each list by post rank and carries the labels of listed posts only', () => {
    const lists = [[2, 3, 3, 8], [4], [5, 1]];
    const out = restrictCandidates(groups(), catalog, 0, 3, (g) => lists[g]);
    expect(out.candidates).toBe('labelledPosts');
    expect(Array.from(out.offsets)).toEqual([0, 3, 4, 6]);
    expect(Array.from(out.post)).toEqual([8, 3, 2, 4, 5, 1]);
    // Group 0's positive 6 is not listed: it is no candidate (retrieval's loss), never added.
    expect(Array.from(out.label)).toEqual([0, 0, 1, 0, 1, 0]);
    expect(Array.from(out.user)).toEqual([100, 101, 102]);
  });

  it('takes a range of groups', () => {
    const out = restrictCandidates(groups(), catalog, 1, 3, () => [5]);
    expect(out.length).toBe(2);
    expect(Array.from(out.groupId)).toEqual([8, 9]);
    expect(Array.from(out.label)).toEqual([0, 1]);
  });

  it('refuses groups that already list their candidates, or a bad range', () => {
    const listed = { ...groups(), candidates: 'labelledPosts' as const };
    expect(() => restrictCandidates(listed, catalog, 0, 1, () => [])).toThrow(/already list/);
    expect(() => restrictCandidates(groups(), catalog, 2, 4, () => [])).toThrow(/not a range/);
  });
});
