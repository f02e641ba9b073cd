/**
 * Confidence interval of a proportion (an open rate: opens / impressions), by Wilson's score method: unlike
 * the normal approximation it stays inside [0, 1] and behaves for small counts and rates near 0 or 1, which
 * is what a segment of a few dozen impressions looks like.
 */

import type { Interval } from './bootstrap.js';

/** Two-sided standard normal quantile for the usual confidence levels. */
function zFor(confidence: number): number {
  // Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9).
  const p = 1 - (1 - confidence) / 2;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * The rate `successes / trials` and its Wilson score interval at `confidence` (default 0.95).
 * NaN estimate and bounds when `trials` is 0.
 */
export function proportionInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (!(successes >= 0 && trials >= successes))
    throw new RangeError(`expected 0 <= successes <= trials, got ${successes} / ${trials}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence: expected a number in (0, 1), got ${confidence}`);
  if (trials === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const z = zFor(confidence);
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Exact ends where rounding would leave 1e-17 off (0 of n has low = 0, n of n high = 1).
  const low = successes === 0 ? 0 : Math.min(p, Math.max(0, centre - half));
  const high = successes === trials ? 1 : Math.max(p, Math.min(1, centre + half));
  return { estimate: p, low, high };
}
