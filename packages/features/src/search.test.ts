import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBoundIn, lowerBoundNear } from './search.js';

describe('lowerBoundNear', () => {
  it('returns lowerBoundIn whatever the hint (in range, out of range, stale)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: -5, max: 50 }),
        fc.integer({ min: -1, max: 22 }),
        (values, x, y, hint, t) => {
          const times = Float64Array.from(values.sort((a, b) => a - b));
          const lo = x % (times.length + 1);
          const hi = lo + (y % (times.length - lo + 1));
          expect(lowerBoundNear(times, lo, hi, hint, t)).toBe(lowerBoundIn(times, lo, hi, t));
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
  });
});
