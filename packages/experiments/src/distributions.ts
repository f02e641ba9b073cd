/**
 * The distributions the tests need, from @stdlib (maintained, accurate to double precision): the standard
 * normal CDF and quantile, and the chi-square upper tail.
 */
import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** P(Z <= z) for a standard normal Z. */
export function standardNormalCdf(z: number): number {
  return normalCdf(z, 0, 1);
}

/** The z with P(Z <= z) = p, for p in (0, 1). */
export function standardNormalQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** P(Z >= |z|) * 2: the two-sided p-value of a z statistic (computed in the lower tail, exact for large z). */
export function twoSidedPValue(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** P(Z >= z): the one-sided p-value of a z statistic for the alternative "greater". */
export function upperPValue(z: number): number {
  return normalCdf(-z, 0, 1);
}

/** P(X >= x) for X chi-square with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return Math.max(0, 1 - chiSquareCdf(x, df));
}
