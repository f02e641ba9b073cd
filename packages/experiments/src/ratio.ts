/**
 * A ratio metric over independent units: CTR = sum of opens / sum of impressions over users, where one user's
 * impressions are correlated (she opens what she likes, she returns or not). Its variance comes from the
 * users, not the impressions: the delta method on the per-user sums (y_u opens, n_u impressions),
 *
 *   Var(r) = U / (U - 1) * sum_u (y_u - r n_u)^2 / (sum_u n_u)^2,
 *
 * which is also the cluster-robust (CR1-style) sandwich variance of the mean with users as clusters.
 * Kept as running sums so a day's new impressions update it in O(users touched).
 */

/** Running per-unit sums of a ratio metric (mutable, updated by addUnit / replaceUnit). */
export interface RatioSums {
  /** Units (users) with at least one impression. */
  units: number;
  /** Sum of y_u (opens). */
  numerator: number;
  /** Sum of n_u (impressions). */
  denominator: number;
  /** Sum of y_u^2. */
  yy: number;
  /** Sum of y_u n_u. */
  yn: number;
  /** Sum of n_u^2. */
  nn: number;
}

/** Empty sums. */
export function emptyRatioSums(): RatioSums {
  return { units: 0, numerator: 0, denominator: 0, yy: 0, yn: 0, nn: 0 };
}

/** Adds a unit with `y` opens out of `n` impressions (n > 0). */
export function addUnit(sums: RatioSums, y: number, n: number): void {
  sums.units++;
  sums.numerator += y;
  sums.denominator += n;
  sums.yy += y * y;
  sums.yn += y * n;
  sums.nn += n * n;
}

/** Replaces a unit's totals (y0, n0) by (y1, n1); n0 = 0 means the unit is new. */
export function replaceUnit(sums: RatioSums, y0: number, n0: number, y1: number, n1: number): void {
  if (n0 === 0) {
    addUnit(sums, y1, n1);
    return;
  }
  sums.numerator += y1 - y0;
  sums.denominator += n1 - n0;
  sums.yy += y1 * y1 - y0 * y0;
  sums.yn += y1 * n1 - y0 * n0;
  sums.nn += n1 * n1 - n0 * n0;
}

/** A ratio estimate with its user-level (delta-method) and naive (independent impressions) variances. */
export interface RatioEstimate {
  units: number;
  numerator: number;
  denominator: number;
  /** numerator / denominator (NaN without impressions). */
  value: number;
  /** Delta-method variance over units (NaN with fewer than 2 units). */
  variance: number;
  /** value (1 - value) / denominator: the binomial variance if impressions were independent. */
  naiveVariance: number;
}

/** The estimate of `sums`. */
export function ratioEstimate(sums: RatioSums): RatioEstimate {
  const { units, numerator, denominator } = sums;
  const value = denominator > 0 ? numerator / denominator : Number.NaN;
  let variance = Number.NaN;
  if (units >= 2) {
    // sum (y - r n)^2, clamped at 0 against rounding when every unit has the same ratio.
    const squares = Math.max(0, sums.yy - 2 * value * sums.yn + value * value * sums.nn);
    variance = ((units / (units - 1)) * squares) / (denominator * denominator);
  }
  return {
    units,
    numerator,
    denominator,
    value,
    variance,
    naiveVariance: denominator > 0 ? (value * (1 - value)) / denominator : Number.NaN,
  };
}
