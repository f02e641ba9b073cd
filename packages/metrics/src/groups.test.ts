import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatherRows, groupOffsetsFromIds } from './groups.js';

describe('groupOffsetsFromIds', () => {
  it('builds CSR offsets, a stable permutation and the ascending group ids (hand fixture)', () => {
    const layout = groupOffsetsFromIds(Int32Array.of(5, 3, 5, 1, 3));
    expect(Array.from(layout.groupIds)).toEqual([1, 3, 5]);
    expect(Array.from(layout.offsets)).toEqual([0, 1, 3, 5]);
    expect(Array.from(layout.permutation)).toEqual([3, 1, 4, 0, 2]);
  });

  it('handles ids far apart and non-integer ids by sorting', () => {
    const layout = groupOffsetsFromIds(Float64Array.of(1e12, -4, 1e12, 0.5));
    expect(Array.from(layout.groupIds)).toEqual([-4, 0.5, 1e12]);
    expect(Array.from(layout.offsets)).toEqual([0, 1, 2, 4]);
    expect(Array.from(layout.permutation)).toEqual([1, 3, 0, 2]);
  });

  it('handles no rows, and rejects NaN ids', () => {
    const empty = groupOffsetsFromIds(new Int32Array(0));
    expect(Array.from(empty.offsets)).toEqual([0]);
    expect(() => groupOffsetsFromIds(Float64Array.of(1, Number.NaN))).toThrow(
      /groupIds\[1\]: expected a group id, got NaN/,
    );
  });

  it('gives the same layout on the counting-sort and the comparison-sort paths', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), (ids) => {
        const counting = groupOffsetsFromIds(Int32Array.from(ids));
        // Spreading ids far apart forces the comparison sort while keeping their order.
        const sorted = groupOffsetsFromIds(Float64Array.from(ids, (id) => id * 1e9));
        expect(counting.offsets).toEqual(sorted.offsets);
        expect(counting.permutation).toEqual(sorted.permutation);
        // Every group holds only its id, and the permutation visits every row once.
        expect(Array.from(counting.permutation).sort((a, b) => a - b)).toEqual(ids.map((_, i) => i));
        for (let g = 0; g < counting.groupIds.length; g++) {
          for (let j = counting.offsets[g]; j < counting.offsets[g + 1]; j++) {
            expect(ids[counting.permutation[j]]).toBe(counting.groupIds[g]);
          }
        }
      }),
      { seed: 29, numRuns: 200 },
    );
  });
});

describe('gatherRows', () => {
  it('gathers through the permutation, keeping the typed-array type', () => {
    const perm = Int32Array.of(2, 0, 1);
    const out = gatherRows(Float32Array.of(10, 20, 30), perm);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([30, 10, 20]);
    expect(Array.from(gatherRows([1, 2, 3], perm))).toEqual([3, 1, 2]);
  });
});
