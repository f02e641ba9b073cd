import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectTopRows } from './index-sort.js';
import { TopItemTally, topItemFigures } from './product.js';
import { orderWithinGroups } from './ranking.js';

describe('topItemFigures', () => {
  it('counts distinct top-k items and the groups with their own #1 (hand-computed)', () => {
    // Three groups over items (tie keys) 1..4: #1s are 2, 2 and 4; tops at k = 2 are {2,1}, {2,3}, {4,1}.
    const offsets = Int32Array.of(0, 3, 6, 9);
    const tieKeys = Int32Array.of(1, 2, 3, 1, 2, 3, 1, 3, 4);
    const scores = Float32Array.of(0.5, 0.9, 0.1, 0.2, 0.8, 0.3, 0.6, 0.1, 0.7);
    expect(topItemFigures(offsets, scores, tieKeys, 2)).toEqual({
      groups: 3,
      distinctTopItems: 4,
      distinctFirstItems: 2,
      groupsWithOwnFirst: 1,
    });
    // Ties in score: the smaller tie key ranks first, so every group's #1 is item 1.
    expect(topItemFigures(offsets, new Float32Array(9), tieKeys, 1)).toEqual({
      groups: 3,
      distinctTopItems: 1,
      distinctFirstItems: 1,
      groupsWithOwnFirst: 0,
    });
  });

  it('agrees with a brute-force count over the full ranking, and skips empty groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 1_000 }),
        (sizes, k, seed) => {
          const offsets = Int32Array.from([
            0,
            ...sizes.map((_, g) => sizes.slice(0, g + 1).reduce((a, b) => a + b, 0)),
          ]);
          const n = offsets[offsets.length - 1];
          const scores = Float64Array.from({ length: n }, (_, i) => ((i * 7919 + seed) % 13) / 13);
          // Items repeat across groups, never within one.
          const tieKeys = new Int32Array(n);
          for (let g = 0; g < sizes.length; g++)
            for (let i = offsets[g]; i < offsets[g + 1]; i++)
              tieKeys[i] = ((i - offsets[g] + g + seed) % 9) + 9 * (i - offsets[g] >= 9 ? 1 : 0);
          const order = orderWithinGroups(offsets, scores, tieKeys);
          const top = new Set<number>();
          const firsts: number[] = [];
          for (let g = 0; g < sizes.length; g++) {
            const ranked = Array.from(order.subarray(offsets[g], offsets[g + 1]), (r) => tieKeys[r]);
            for (const item of ranked.slice(0, k)) top.add(item);
            if (ranked.length > 0) firsts.push(ranked[0]);
          }
          const own = firsts.filter((f) => firsts.filter((x) => x === f).length === 1).length;
          expect(topItemFigures(offsets, scores, tieKeys, k)).toEqual({
            groups: firsts.length,
            distinctTopItems: top.size,
            distinctFirstItems: new Set(firsts).size,
            groupsWithOwnFirst: own,
          });
        },
      ),
      { numRuns: 200, seed: 13 },
    );
  });
});

describe('selectTopRows', () => {
  it('selects the head of the full ranking, ties and NaN scores included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0.1, 0.5, 0.5, 0.9, Number.NaN, -1), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (values, k) => {
          const n = values.length;
          const scores = Float64Array.from(values);
          const tieKeys = Int32Array.from({ length: n }, (_, i) => (i * 17) % 7);
          const order = orderWithinGroups(Int32Array.of(0, n), scores, tieKeys);
          const out = new Int32Array(k);
          const m = selectTopRows(0, n, k, scores, tieKeys, out);
          expect(m).toBe(Math.min(k, n));
          expect(Array.from(out.subarray(0, m))).toEqual(Array.from(order.subarray(0, m)));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('TopItemTally', () => {
  it('counts top lists given one by one, by item identity, and skips empty lists', () => {
    const tally = new TopItemTally<string>();
    tally.add(['a', 'b', 'c']);
    tally.add(['a', 'd']); // shares its #1 with the first
    tally.add(['e', 'b']); // its own #1
    tally.add([]);
    expect(tally.figures()).toEqual({
      groups: 3,
      distinctTopItems: 5,
      distinctFirstItems: 2,
      groupsWithOwnFirst: 1,
    });
  });
});
