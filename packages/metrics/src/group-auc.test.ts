import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRanking } from './evaluate.js';
import { meanGroupAucOf } from './group-auc.js';

/** Scores with ties, NaN and infinities, or anywhere. */
const scoreArb = fc.oneof(
  fc.constantFrom(0, 0.5, 1, 0.25, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
  fc.double({ noNaN: true }),
  fc.integer({ min: 0, max: 3 }),
);
const groupsArb = fc.array(
  fc.array(fc.record({ score: scoreArb, label: fc.constantFrom(0, 0, 0, 1, 2) }), { maxLength: 30 }),
  { minLength: 1, maxLength: 8 },
);

describe('meanGroupAucOf', () => {
  it("equals evaluateRanking's meanGroupAuc bit for bit, for several score columns over the same groups", () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.array(fc.array(scoreArb), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (groups, extra, f32) => {
          const rows = groups.flat();
          const offsets = new Int32Array(groups.length + 1);
          groups.forEach((g, i) => {
            offsets[i + 1] = offsets[i] + g.length;
          });
          const labels = Float64Array.from(rows, (r) => r.label);
          const groupAuc = meanGroupAucOf(offsets, labels);
          const columns = [
            rows.map((r) => r.score),
            ...extra.map((e) => rows.map((_, i) => e[i % Math.max(1, e.length)] ?? 0)),
          ];
          for (const values of columns) {
            const scores = f32 ? Float32Array.from(values) : Float64Array.from(values);
            const expected = evaluateRanking(
              { offsets, scores, labels, tieKeys: new Int32Array(rows.length) },
              { k: 10 },
            ).meanGroupAuc;
            expect(Object.is(groupAuc(scores), expected)).toBe(true);
          }
        },
      ),
      { seed: 18, numRuns: 300 },
    );
  });

  it('averages the within-group AUCs of the groups holding both classes, ties counting 1/2', () => {
    // Group 0: positive above 1 of 2 negatives, tied with the other: (1 + 0.5) / 2. Group 1: one class only.
    // Group 2: positive below the negative: 0.
    const offsets = Int32Array.from([0, 3, 5, 7]);
    const labels = Uint8Array.from([1, 0, 0, 1, 1, 0, 1]);
    const groupAuc = meanGroupAucOf(offsets, labels);
    expect(groupAuc(Float32Array.from([0.5, 0.2, 0.5, 0.9, 0.1, 0.8, 0.3]))).toBe((0.75 + 0) / 2);
    expect(groupAuc(Float64Array.from([1, 0, 1, 0, 0, 0, 1]))).toBe((0.75 + 1) / 2);
    expect(meanGroupAucOf(Int32Array.from([0, 2]), Uint8Array.from([1, 1]))(new Float64Array(2))).toBeNaN();
  });

  it('rejects a score column of the wrong length', () => {
    const groupAuc = meanGroupAucOf(Int32Array.from([0, 2]), Uint8Array.from([1, 0]));
    expect(() => groupAuc(new Float64Array(3))).toThrow(RangeError);
  });
});
