import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from './srm.js';

describe('sampleRatioMismatch', () => {
  it('flags the SRM example of Fabijan et al. (KDD 2019): 821,588 vs 815,482 users on a 50/50 split', () => {
    // R: chisq.test(c(821588, 815482)) -> X-squared = 22.7743688419, p = 1.82179287262e-06
    const check = sampleRatioMismatch([821_588, 815_482], [1, 1]);
    expect(check.chiSquare).toBeCloseTo(22.7743688419, 8);
    expect(check.degreesOfFreedom).toBe(1);
    expect(check.pValue).toBeCloseTo(1.82179287262e-6, 15);
    expect(check.mismatch).toBe(true);
  });

  it('matches R chisq.test on three arms, equal and planned unequal shares', () => {
    // chisq.test(c(10, 20, 30)): X-squared = 10, df = 2, p = exp(-5)
    const even = sampleRatioMismatch([10, 20, 30], [1, 1, 1]);
    expect(even.chiSquare).toBeCloseTo(10, 12);
    expect(even.pValue).toBeCloseTo(0.00673794699909, 14);
    // chisq.test(c(1000, 2100, 900), p = c(.25, .5, .25)): X-squared = 15, p = 0.000553084370148
    const planned = sampleRatioMismatch([1000, 2100, 900], [25, 50, 25]);
    expect(planned.expected).toEqual([1000, 2000, 1000]);
    expect(planned.chiSquare).toBeCloseTo(15, 12);
    expect(planned.pValue).toBeCloseTo(0.000553084370148, 14);
    expect(planned.mismatch).toBe(true);
    expect(sampleRatioMismatch([1000, 2100, 900], [25, 50, 25], 0.0001).mismatch).toBe(false);
  });

  it('passes a split within chance', () => {
    // chisq.test(c(5050, 4950))$p.value = 0.317310507863
    const check = sampleRatioMismatch([5050, 4950], [1, 1]);
    expect(check.pValue).toBeCloseTo(0.317310507863, 12);
    expect(check.mismatch).toBe(false);
  });

  it('rejects one arm, bad weights and no users', () => {
    expect(() => sampleRatioMismatch([10], [1])).toThrow(/at least 2 arms/);
    expect(() => sampleRatioMismatch([10, 10], [1])).toThrow(/2 weights/);
    expect(() => sampleRatioMismatch([10, 10], [1, -1])).toThrow(/weights/);
    expect(() => sampleRatioMismatch([0, 0], [1, 1])).toThrow(/every count is 0/);
  });
});
