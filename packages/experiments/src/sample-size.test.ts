import { describe, expect, it } from 'vitest';
import { minimumDetectableEffect, twoProportionPower, twoProportionSampleSize } from './sample-size.js';

// Reference values from R 4.2.2, `power.prop.test(..., tol = 1e-12)$n` / `$power` (strict = FALSE).
describe('twoProportionSampleSize', () => {
  it.each([
    // p1, p2, alpha, power, alternative, R's n per group
    [0.5, 0.75, 0.05, 0.9, 'two-sided', 76.7069284518], // the example of ?power.prop.test
    [0.1, 0.11, 0.05, 0.8, 'two-sided', 14750.790469],
    [0.1, 0.105, 0.05, 0.8, 'one-sided', 45499.4836023],
    [0.1, 0.12, 0.01, 0.9, 'two-sided', 7280.9878814],
    [0.1, 0.12, 0.05, 0.8, 'one-sided', 3025.31525321],
    [0.145, 0.145 * 1.05, 0.05, 0.8, 'two-sided', 37788.6057779], // +5 % on a 14.5 % CTR
  ] as const)(
    'p1 %f p2 %f alpha %f power %f %s = R power.prop.test',
    (p1, p2, alpha, power, alternative, n) => {
      const size = twoProportionSampleSize({ p1, p2, alpha, power, alternative });
      expect(size.n1).toBeCloseTo(n, 5);
      expect(size.n2).toBeCloseTo(n, 5);
      expect(size.total).toBeCloseTo(2 * n, 4);
    },
  );

  it('is symmetric in the direction of the effect and grows as the effect shrinks', () => {
    const up = twoProportionSampleSize({
      p1: 0.2,
      p2: 0.22,
      alpha: 0.05,
      power: 0.8,
      alternative: 'two-sided',
    });
    const down = twoProportionSampleSize({
      p1: 0.22,
      p2: 0.2,
      alpha: 0.05,
      power: 0.8,
      alternative: 'two-sided',
    });
    expect(down.total).toBeCloseTo(up.total, 6);
    const smaller = twoProportionSampleSize({
      p1: 0.2,
      p2: 0.21,
      alpha: 0.05,
      power: 0.8,
      alternative: 'two-sided',
    });
    expect(smaller.total).toBeGreaterThan(3.5 * up.total);
  });

  it('needs more observations in total for an unequal split, the small arm carrying the cost', () => {
    const even = twoProportionSampleSize({
      p1: 0.1,
      p2: 0.11,
      alpha: 0.05,
      power: 0.8,
      alternative: 'two-sided',
    });
    const skewed = twoProportionSampleSize({
      p1: 0.1,
      p2: 0.11,
      alpha: 0.05,
      power: 0.8,
      alternative: 'two-sided',
      shares: [9, 1],
    });
    expect(skewed.n1 / skewed.n2).toBeCloseTo(9, 10);
    expect(skewed.total).toBeGreaterThan(2.5 * even.total);
    // Its own power at that size is the target.
    expect(
      twoProportionPower({
        p1: 0.1,
        p2: 0.11,
        alpha: 0.05,
        alternative: 'two-sided',
        shares: [9, 1],
        n1: skewed.n1,
      }),
    ).toBeCloseTo(0.8, 10);
  });

  it('rejects impossible designs with the argument named', () => {
    const base = { p1: 0.1, p2: 0.12, alpha: 0.05, power: 0.8, alternative: 'two-sided' } as const;
    expect(() => twoProportionSampleSize({ ...base, p2: 0.1 })).toThrow(/no effect/);
    expect(() => twoProportionSampleSize({ ...base, p1: 1.2 })).toThrow(/p1: expected a number in \(0, 1\)/);
    expect(() => twoProportionSampleSize({ ...base, alpha: 0 })).toThrow(/alpha/);
    expect(() => twoProportionSampleSize({ ...base, power: 1 })).toThrow(/power/);
  });
});

describe('twoProportionPower', () => {
  it('matches R power.prop.test', () => {
    // power.prop.test(n = 50, p1 = .5, p2 = .75) and power.prop.test(p1 = .1, p2 = .12, n = 2000)
    expect(
      twoProportionPower({ p1: 0.5, p2: 0.75, n1: 50, alpha: 0.05, alternative: 'two-sided' }),
    ).toBeCloseTo(0.7401659013, 9);
    expect(
      twoProportionPower({ p1: 0.1, p2: 0.12, n1: 2000, alpha: 0.05, alternative: 'two-sided' }),
    ).toBeCloseTo(0.524481278764, 9);
  });
});

describe('minimumDetectableEffect', () => {
  it('inverts the sample size', () => {
    const d = minimumDetectableEffect({
      p1: 0.1,
      n1: 14750.790469,
      alpha: 0.05,
      power: 0.8,
      alternative: 'two-sided',
    });
    expect(d).toBeCloseTo(0.01, 7);
  });
  it('is NaN when no effect reaches the power', () => {
    expect(
      minimumDetectableEffect({ p1: 0.5, n1: 2, alpha: 0.05, power: 0.99, alternative: 'two-sided' }),
    ).toBeNaN();
  });
});
