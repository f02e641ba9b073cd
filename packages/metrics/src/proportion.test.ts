import { describe, expect, it } from 'vitest';
import { proportionInterval } from './proportion.js';

describe('proportionInterval (Wilson)', () => {
  it('matches published Wilson intervals', () => {
    // 81 of 263 at 95%: (0.2553, 0.3662) (Wilson 1927, as tabulated by Newcombe 1998, method 3).
    const a = proportionInterval(81, 263);
    expect(a.estimate).toBeCloseTo(81 / 263, 12);
    expect(a.low).toBeCloseTo(0.2553, 4);
    expect(a.high).toBeCloseTo(0.3662, 4);
    // 0 of 10: (0, 0.2775) at 95%.
    const b = proportionInterval(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
  });

  it('narrows with more trials and widens with confidence; NaN without trials; refuses bad counts', () => {
    const small = proportionInterval(15, 100);
    const large = proportionInterval(1500, 10_000);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
    const wide = proportionInterval(15, 100, 0.99);
    expect(wide.high - wide.low).toBeGreaterThan(small.high - small.low);
    expect(proportionInterval(0, 0).estimate).toBeNaN();
    expect(() => proportionInterval(5, 3)).toThrow(/successes <= trials/);
  });
});
