/**
 * Sample sizes and power of the two-proportion z-test, the fixed-horizon test of a CTR change when every
 * impression were independent (the design effect of clustering by user is applied on top, see plan.ts).
 * With equal arms the formulas are R's `power.prop.test` (strict = FALSE); unequal allocations use the
 * same normal approximation with each arm's variance divided by its share.
 */
import { type Alternative, criticalZ } from './alternative.js';
import { checkPositive, checkProbability } from './checks.js';
import { standardNormalCdf, standardNormalQuantile } from './distributions.js';

export interface TwoProportionDesign {
  /** Control proportion (baseline CTR). */
  p1: number;
  /** Treatment proportion under the alternative. */
  p2: number;
  alpha: number;
  alternative: Alternative;
  /** Shares of the two arms in the pair (default equal); only their ratio matters. */
  shares?: readonly [number, number];
}

function parts(design: TwoProportionDesign) {
  const { p1, p2, alpha, alternative } = design;
  checkProbability('p1', p1);
  checkProbability('p2', p2);
  checkProbability('alpha', alpha);
  if (p1 === p2) throw new RangeError('p1 and p2 are equal: no effect to detect');
  const [s1, s2] = design.shares ?? [0.5, 0.5];
  checkPositive('shares[0]', s1);
  checkPositive('shares[1]', s2);
  // Fractions of the pair's total: n1 = N w1, n2 = N w2.
  const w1 = s1 / (s1 + s2);
  const w2 = s2 / (s1 + s2);
  const pooled = w1 * p1 + w2 * p2;
  // Standard deviation of (p2 - p1) times sqrt(N), under H0 (pooled) and under H1.
  const sd0 = Math.sqrt(pooled * (1 - pooled) * (1 / w1 + 1 / w2));
  const sd1 = Math.sqrt((p1 * (1 - p1)) / w1 + (p2 * (1 - p2)) / w2);
  return { w1, w2, sd0, sd1, delta: Math.abs(p2 - p1), z: criticalZ(alpha, alternative) };
}

/**
 * Observations per arm for power `power`, unrounded: `{n1, n2, total}` (n1 = n2 = R's
 * `power.prop.test(p1, p2, sig.level = alpha, power)$n` with equal shares).
 */
export function twoProportionSampleSize(design: TwoProportionDesign & { power: number }): {
  n1: number;
  n2: number;
  total: number;
} {
  checkProbability('power', design.power);
  const { w1, w2, sd0, sd1, delta, z } = parts(design);
  const total = ((z * sd0 + standardNormalQuantile(design.power) * sd1) / delta) ** 2;
  return { n1: total * w1, n2: total * w2, total };
}

/** Power of the test with `n1` observations in the first arm (the second has n1 * share2 / share1). */
export function twoProportionPower(design: TwoProportionDesign & { n1: number }): number {
  checkPositive('n1', design.n1);
  const { w1, sd0, sd1, delta, z } = parts(design);
  const total = design.n1 / w1;
  return standardNormalCdf((Math.sqrt(total) * delta - z * sd0) / sd1);
}

/**
 * The smallest absolute effect p2 - p1 > 0 detectable with power `power` when the first arm has `n1`
 * observations (bisection on twoProportionPower: the power grows with the effect).
 */
export function minimumDetectableEffect(
  design: Omit<TwoProportionDesign, 'p2'> & { n1: number; power: number },
): number {
  checkProbability('power', design.power);
  const power = (d: number) => twoProportionPower({ ...design, p2: design.p1 + d });
  let lo = 0;
  let hi = 1 - design.p1;
  if (power(hi * (1 - 1e-12)) < design.power) return Number.NaN;
  for (let i = 0; i < 100 && hi - lo > 1e-12 * design.p1; i++) {
    const mid = (lo + hi) / 2;
    if (mid > 0 && power(mid) >= design.power) hi = mid;
    else lo = mid;
  }
  return hi;
}
