import { describe, expect, it } from 'vitest';
import { randomScores } from './random.js';

describe('randomScores', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    expect(randomScores(1000, 42)).toEqual(randomScores(1000, 42));
    expect(randomScores(1000, 42)).not.toEqual(randomScores(1000, 43));
    // A prefix does not depend on n.
    expect(randomScores(10, 7)).toEqual(randomScores(100, 7).subarray(0, 10));
  });

  it('is uniform on [0, 1): every decile holds about a tenth of 100,000 draws', () => {
    const scores = randomScores(100_000, 1);
    const deciles = new Array(10).fill(0);
    let outside = 0;
    for (const s of scores) {
      if (!(s >= 0 && s < 1)) outside++;
      else deciles[Math.floor(s * 10)]++;
    }
    expect(outside).toBe(0);
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.1 % critical value.
    const chi2 = deciles.reduce((sum, count) => sum + (count - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it('rejects a bad n or seed', () => {
    expect(() => randomScores(-1, 0)).toThrow(/n: expected a non-negative integer/);
    expect(() => randomScores(3, 0.5)).toThrow(/seed: expected an integer/);
  });
});
