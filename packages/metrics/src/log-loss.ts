/** Binary log loss (cross-entropy) of probability scores. */

import type { NumericColumn } from './types.js';
import { checkLength } from './validate.js';

/**
 * Probabilities are clipped to [eps, 1 - eps] before the logarithm so one confident miss gives a large
 * finite loss instead of Infinity. 1e-15 is scikit-learn's long-standing `log_loss` default.
 */
export const LOG_LOSS_EPS = 1e-15;

/** True when every score is a probability: a number in [0, 1] (NaN is not). */
export function areProbabilities(scores: NumericColumn): boolean {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s >= 0 && s <= 1)) return false;
  }
  return true;
}

/**
 * Mean binary cross-entropy `-mean(y ln p + (1 - y) ln(1 - p))`, natural log, y = label > 0, p clipped
 * to [eps, 1 - eps]. Returns NaN when a score is not a probability (outside [0, 1] or NaN: a popularity
 * count, a raw margin), or when there are no rows: log loss is undefined there, not zero.
 */
export function logLoss(probabilities: NumericColumn, labels: NumericColumn, eps = LOG_LOSS_EPS): number {
  const n = probabilities.length;
  checkLength('labels', labels, n);
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const raw = probabilities[i];
    if (!(raw >= 0 && raw <= 1)) return Number.NaN;
    const p = Math.min(Math.max(raw, eps), 1 - eps);
    sum -= labels[i] > 0 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}

/**
 * `logLoss` of float64 probabilities with a 0/1 positive flag per row (same arithmetic, same order).
 * @internal shared with `evaluateRankers`, which computes the flags once per grouping.
 */
export function logLossFromFlags(
  probabilities: Float64Array | Float32Array,
  positive: Uint8Array,
  eps = LOG_LOSS_EPS,
): number {
  const n = probabilities.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const raw = probabilities[i];
    if (!(raw >= 0 && raw <= 1)) return Number.NaN;
    const p = Math.min(Math.max(raw, eps), 1 - eps);
    sum -= positive[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}
