import type { TestGroups } from '@wemoms/dataset';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleUsers } from './sample-users.js';

/** Groups with 1 or 2 labelled posts each; `opens[g]` says whether group g has an open. */
function groupsOf(opens: boolean[]): TestGroups {
  const offsets = [0];
  const post: number[] = [];
  const label: number[] = [];
  opens.forEach((open, g) => {
    post.push(g * 2, g * 2 + 1);
    label.push(open ? 1 : 0, 0);
    offsets.push(post.length);
  });
  const n = opens.length;
  return {
    grouping: 'serving',
    day: 19_000,
    candidates: 'previousDayPosts',
    length: n,
    groupId: Int32Array.from({ length: n }, (_, g) => 100 + g),
    user: Int32Array.from({ length: n }, (_, g) => 1000 + g),
    time: Float64Array.from({ length: n }, (_, g) => g * 1e6),
    offsets: Int32Array.from(offsets),
    post: Int32Array.from(post),
    label: Uint8Array.from(label),
  };
}

describe('sampleUsers', () => {
  it('takes at most maxUsers, ascending, distinct, half of them with opens when there are enough', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer(),
        (opens, max, seed) => {
          const chosen = sampleUsers(groupsOf(opens), max, seed);
          expect(chosen.length).toBe(Math.min(max, opens.length));
          for (let i = 1; i < chosen.length; i++) expect(chosen[i]).toBeGreaterThan(chosen[i - 1]);
          const withOpens = opens.filter(Boolean).length;
          const chosenWithOpens = Array.from(chosen).filter((g) => opens[g]).length;
          expect(chosenWithOpens).toBeGreaterThanOrEqual(
            Math.min(withOpens, Math.ceil(max / 2), chosen.length),
          );
          expect(sampleUsers(groupsOf(opens), max, seed)).toEqual(chosen);
        },
      ),
    );
  });

  it('rejects a non-positive size', () => {
    expect(() => sampleUsers(groupsOf([true]), 0, 1)).toThrow(/maxUsers/);
  });
});
