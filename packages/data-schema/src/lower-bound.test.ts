import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound } from './index.js';

describe('lowerBound', () => {
  it('is the first index whose value is >= the target, within [lo, hi)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 40 }),
        fc.integer({ min: -25, max: 25 }),
        fc.nat(),
        fc.nat(),
        (values, target, a, b) => {
          const sorted = Float64Array.from(values.sort((x, y) => x - y));
          const lo = sorted.length === 0 ? 0 : a % (sorted.length + 1);
          const hi = lo + (sorted.length === 0 ? 0 : b % (sorted.length - lo + 1));
          let expected = lo;
          while (expected < hi && sorted[expected] < target) expected++;
          expect(lowerBound(sorted, target, lo, hi)).toBe(expected);
        },
      ),
    );
  });

  it('searches the whole array by default, on any typed array', () => {
    expect(lowerBound(Int32Array.of(1, 3, 3, 7), 3)).toBe(1);
    expect(lowerBound(Int32Array.of(1, 3, 3, 7), 8)).toBe(4);
    expect(lowerBound(new Float64Array(0), 1)).toBe(0);
  });
});
