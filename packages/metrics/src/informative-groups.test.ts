import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { informativeGroups } from './informative-groups.js';

describe('informativeGroups', () => {
  it('keeps the groups with a positive and a negative, in group-id order (hand fixture)', () => {
    // group 7: rows 0, 3 (1, 0) kept; group 2: rows 1, 4 (0, 0) no positive; group 5: rows 2, 5, 6 (1, 0, 1)
    // kept; group 9: row 7 (1) no negative.
    const ids = Int32Array.of(7, 2, 5, 7, 2, 5, 5, 9);
    const labels = Uint8Array.of(1, 0, 1, 0, 0, 0, 1, 1);
    const g = informativeGroups(ids, labels);
    expect(Array.from(g.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(g.rows)).toEqual([2, 5, 6, 0, 3]);
    expect(g.groups).toBe(2);
    expect(g.withoutPositive).toBe(1);
    expect(g.withoutNegative).toBe(1);
  });

  it('handles no rows and rejects mismatched lengths', () => {
    const g = informativeGroups(new Int32Array(0), new Uint8Array(0));
    expect(Array.from(g.offsets)).toEqual([0]);
    expect(g.groups).toBe(0);
    expect(() => informativeGroups(Int32Array.of(1, 2), Uint8Array.of(1))).toThrow(
      '1 labels for 2 group ids',
    );
  });

  it('partitions the groups: kept + left out = all, and every kept group is mixed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 120 }),
        (rows) => {
          const ids = Int32Array.from(rows, ([id]) => id);
          const labels = Uint8Array.from(rows, ([, y]) => (y ? 1 : 0));
          const g = informativeGroups(ids, labels);
          expect(g.groups + g.withoutPositive + g.withoutNegative).toBe(new Set(ids).size);
          for (let k = 0; k < g.groups; k++) {
            const members = Array.from(g.rows.subarray(g.offsets[k], g.offsets[k + 1]));
            expect(new Set(members.map((r) => ids[r])).size).toBe(1);
            const positives = members.filter((r) => labels[r] === 1).length;
            expect(positives > 0 && positives < members.length).toBe(true);
            // Every row of the group's id is in it.
            expect(members.length).toBe(ids.filter((id) => id === ids[members[0]]).length);
          }
        },
      ),
    );
  });
});
