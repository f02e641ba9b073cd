import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUnit, emptyRatioSums, ratioEstimate, replaceUnit } from './ratio.js';

/** The delta-method variance written out from its definition, for comparison. */
function deltaMethodVariance(y: number[], n: number[]): number {
  const U = y.length;
  const my = y.reduce((s, v) => s + v, 0) / U;
  const mn = n.reduce((s, v) => s + v, 0) / U;
  let vy = 0;
  let vn = 0;
  let cyn = 0;
  for (let i = 0; i < U; i++) {
    vy += (y[i] - my) ** 2 / (U - 1);
    vn += (n[i] - mn) ** 2 / (U - 1);
    cyn += ((y[i] - my) * (n[i] - mn)) / (U - 1);
  }
  const r = my / mn;
  // Var(ybar / nbar) ~ (Var(y) - 2 r Cov(y, n) + r^2 Var(n)) / (U mn^2)
  return (vy - 2 * r * cyn + r * r * vn) / (U * mn * mn);
}

describe('ratioEstimate', () => {
  it('is the delta-method variance of the ratio of means', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .integer({ min: 1, max: 40 })
            .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
          { minLength: 2, maxLength: 60 },
        ),
        (units) => {
          const sums = emptyRatioSums();
          for (const [y, n] of units) addUnit(sums, y, n);
          const e = ratioEstimate(sums);
          const expected = deltaMethodVariance(
            units.map((u) => u[0]),
            units.map((u) => u[1]),
          );
          expect(e.variance).toBeCloseTo(expected, 12);
        },
      ),
    );
  });

  it('equals the unpooled binomial variance x U/(U-1) with one impression per user (R prop.test Wald CI)', () => {
    // R: prop.test(c(180, 150), c(1000, 1000), correct = FALSE)$conf.int = [-0.00250823467328, 0.06250823467328]
    const arm = (opens: number) => {
      const sums = emptyRatioSums();
      for (let i = 0; i < 1000; i++) addUnit(sums, i < opens ? 1 : 0, 1);
      return ratioEstimate(sums);
    };
    const t = arm(180);
    const c = arm(150);
    const se = Math.sqrt((t.variance + c.variance) * (999 / 1000));
    const diff = t.value - c.value;
    expect(diff - 1.959963984540054 * se).toBeCloseTo(-0.00250823467328, 12);
    expect(diff + 1.959963984540054 * se).toBeCloseTo(0.06250823467328, 12);
    expect(t.naiveVariance).toBeCloseTo((0.18 * 0.82) / 1000, 15);
  });

  it('replaceUnit gives the sums of the final totals', () => {
    const incremental = emptyRatioSums();
    replaceUnit(incremental, 0, 0, 1, 3);
    replaceUnit(incremental, 0, 0, 0, 2);
    replaceUnit(incremental, 1, 3, 4, 9);
    const direct = emptyRatioSums();
    addUnit(direct, 4, 9);
    addUnit(direct, 0, 2);
    expect(incremental).toEqual(direct);
  });

  it('has no variance for fewer than 2 users and no value without impressions', () => {
    const one = emptyRatioSums();
    addUnit(one, 1, 4);
    expect(ratioEstimate(one).value).toBe(0.25);
    expect(ratioEstimate(one).variance).toBeNaN();
    expect(ratioEstimate(emptyRatioSums()).value).toBeNaN();
  });
});
