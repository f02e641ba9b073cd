import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRanked, orderWithinGroups, rankWithinGroups } from './ranking.js';

describe('rankWithinGroups', () => {
  it('ranks by score descending, then tie key ascending, NaN last (hand fixture)', () => {
    // group 0: rows 0..3; group 1: row 4 alone; group 2: rows 5..7
    const offsets = Int32Array.of(0, 4, 5, 8);
    const scores = Float64Array.of(0.5, 0.9, 0.5, Number.NaN, 0.1, Number.NEGATIVE_INFINITY, Number.NaN, 0);
    const tieKeys = Int32Array.of(3, 1, 2, 0, 9, 4, 1, 7);
    // group 0: row1 (0.9) > row2 (0.5, key 2) > row0 (0.5, key 3) > row3 (NaN, even with the lowest key)
    // group 2: row7 (0) > row5 (-Infinity) > row6 (NaN)
    expect(Array.from(rankWithinGroups(offsets, scores, tieKeys))).toEqual([3, 1, 2, 4, 1, 2, 3, 1]);
    expect(Array.from(orderWithinGroups(offsets, scores, tieKeys))).toEqual([1, 2, 0, 3, 4, 7, 5, 6]);
  });

  it('orders NaN scores among themselves by tie key, and equal tie keys by row', () => {
    const offsets = Int32Array.of(0, 4);
    const scores = Float32Array.of(Number.NaN, Number.NaN, 1, 1);
    const tieKeys = Int32Array.of(5, 2, 3, 3);
    expect(Array.from(orderWithinGroups(offsets, scores, tieKeys))).toEqual([2, 3, 1, 0]);
  });

  it('treats 0 and -0 as the same score', () => {
    const ranks = rankWithinGroups(Int32Array.of(0, 2), Float64Array.of(-0, 0), Int32Array.of(1, 0));
    expect(Array.from(ranks)).toEqual([2, 1]);
  });

  it('rejects malformed offsets and columns with a clear message', () => {
    const s = Float64Array.of(1, 2);
    const t = Int32Array.of(0, 1);
    expect(() => rankWithinGroups(Int32Array.of(0, 3), s, t)).toThrow(
      /offsets\[1\]: expected the row count 2, got 3/,
    );
    expect(() => rankWithinGroups(Int32Array.of(1, 2), s, t)).toThrow(/offsets\[0\]: expected 0/);
    expect(() => rankWithinGroups(Int32Array.of(0, 2, 1, 2), s, t)).toThrow(/offsets\[2\]/);
    expect(() => rankWithinGroups(Int32Array.of(0, 2), s, Int32Array.of(0))).toThrow(
      /tieKeys: expected 2 rows/,
    );
  });

  it('handles empty input and empty groups', () => {
    expect(rankWithinGroups(Int32Array.of(0), new Float64Array(0), new Int32Array(0)).length).toBe(0);
    const ranks = rankWithinGroups(Int32Array.of(0, 0, 2, 2), Float64Array.of(1, 2), Int32Array.of(0, 1));
    expect(Array.from(ranks)).toEqual([2, 1]);
  });
});

/** A group of rows with few distinct scores (many ties, some NaN) and distinct tie keys. */
const groupArb = fc
  .array(
    fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1, Number.NaN), fc.double({ min: -1, max: 1, noNaN: true })),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .chain((scores) =>
    fc.record({
      scores: fc.constant(scores),
      tieKeys: fc.shuffledSubarray(
        Array.from({ length: scores.length * 3 }, (_, i) => i),
        { minLength: scores.length, maxLength: scores.length },
      ),
      shuffle: fc.shuffledSubarray(
        Array.from({ length: scores.length }, (_, i) => i),
        { minLength: scores.length, maxLength: scores.length },
      ),
    }),
  );

describe('rankWithinGroups properties', () => {
  it('is invariant to the order of rows within a group, given distinct tie keys', () => {
    fc.assert(
      fc.property(groupArb, ({ scores, tieKeys, shuffle }) => {
        const offsets = Int32Array.of(0, scores.length);
        const ranks = rankWithinGroups(offsets, Float64Array.from(scores), Int32Array.from(tieKeys));
        const shuffledScores = Float64Array.from(shuffle, (i) => scores[i]);
        const shuffledKeys = Int32Array.from(shuffle, (i) => tieKeys[i]);
        const shuffledRanks = rankWithinGroups(offsets, shuffledScores, shuffledKeys);
        shuffle.forEach((original, j) => {
          expect(shuffledRanks[j]).toBe(ranks[original]);
        });
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('gives each group the ranks 1..size, consistent with compareRanked', () => {
    fc.assert(
      fc.property(fc.array(groupArb, { minLength: 1, maxLength: 5 }), (groups) => {
        const scores = Float64Array.from(groups.flatMap((g) => g.scores));
        const tieKeys = Int32Array.from(groups.flatMap((g) => g.tieKeys));
        const offsets = new Int32Array(groups.length + 1);
        groups.forEach((g, i) => {
          offsets[i + 1] = offsets[i] + g.scores.length;
        });
        const ranks = rankWithinGroups(offsets, scores, tieKeys);
        for (let g = 0; g < groups.length; g++) {
          const lo = offsets[g];
          const hi = offsets[g + 1];
          const seen = Array.from(ranks.subarray(lo, hi)).sort((a, b) => a - b);
          expect(seen).toEqual(Array.from({ length: hi - lo }, (_, i) => i + 1));
          let disagreements = 0;
          for (let a = lo; a < hi; a++) {
            for (let b = lo; b < hi; b++) {
              const byRank = Math.sign(ranks[a] - ranks[b]);
              if (a !== b && byRank !== Math.sign(compareRanked(scores, tieKeys, a, b))) disagreements++;
            }
          }
          expect(disagreements).toBe(0);
        }
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});

describe('orderWithinGroups on larger groups', () => {
  it('matches a plain comparator sort (quicksort paths, many ties, NaN, repeated tie keys)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(0, 1, 2, Number.NaN, Number.NEGATIVE_INFINITY),
            fc.double({ noNaN: true }),
          ),
          {
            minLength: 17,
            maxLength: 600,
          },
        ),
        fc.integer({ min: 1, max: 1000 }),
        (scores, keySpread) => {
          const n = scores.length;
          const s = Float64Array.from(scores);
          // Few distinct keys when keySpread is small: equal (score, key) pairs fall back to row order.
          const t = Int32Array.from({ length: n }, (_, i) => (i * 7919) % keySpread);
          const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareRanked(s, t, a, b));
          expect(Array.from(orderWithinGroups(Int32Array.of(0, n), s, t))).toEqual(expected);
        },
      ),
      { seed: 37, numRuns: 150 },
    );
  });

  it('sorts already sorted, reversed and constant groups of 10,000 rows', () => {
    const n = 10_000;
    const keys = Int32Array.from({ length: n }, (_, i) => i);
    const inputs = [
      Float64Array.from({ length: n }, (_, i) => n - i),
      Float64Array.from({ length: n }, (_, i) => i),
      new Float64Array(n).fill(0.5),
      Float64Array.from({ length: n }, (_, i) => i % 3),
    ];
    for (const s of inputs) {
      const order = orderWithinGroups(Int32Array.of(0, n), s, keys);
      let misordered = 0;
      for (let j = 1; j < n; j++) if (compareRanked(s, keys, order[j - 1], order[j]) >= 0) misordered++;
      expect(misordered).toBe(0);
    }
  });
});
