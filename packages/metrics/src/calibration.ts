/**
 * Calibration of predicted open probabilities: a reliability table (mean predicted probability vs observed
 * open rate per bin), the expected calibration error and the Brier score. Meaningful on rows whose labels
 * are complete (the `impressions` grouping, the eval days), not where negatives were never shown.
 */

import type { NumericColumn } from './types.js';
import { checkLength } from './validate.js';

export interface CalibrationBin {
  /** Score range of the bin, [low, high] (closed: quantile bins of tied scores are single values). */
  readonly low: number;
  readonly high: number;
  readonly count: number;
  /** Mean predicted probability of the bin's rows. */
  readonly meanScore: number;
  /** Share of the bin's rows that were opened. */
  readonly observedRate: number;
}

export interface Calibration {
  readonly bins: readonly CalibrationBin[];
  /** Expected calibration error: sum over bins of count / n x |observedRate - meanScore|. */
  readonly ece: number;
  /** Mean squared error of the probabilities against the 0/1 labels. */
  readonly brier: number;
  /** Rows with a finite score (NaN scores are left out and counted in `skipped`). */
  readonly rows: number;
  readonly skipped: number;
}

export interface CalibrationOptions {
  /** Number of bins (default 10). */
  readonly bins?: number;
  /**
   * `quantile` (default): bins of equal row counts, which suits open probabilities bunched near the base
   * rate; `uniform`: equal-width bins over [0, 1].
   */
  readonly strategy?: 'quantile' | 'uniform';
}

/**
 * The reliability table of `scores` (probabilities in [0, 1]) against `labels` (0 = not opened, > 0 =
 * opened). Rows of tied scores always share a bin, so quantile bins can be fewer than asked for.
 */
export function calibrationBins(
  scores: NumericColumn,
  labels: NumericColumn,
  options: CalibrationOptions = {},
): Calibration {
  checkLength('labels', labels, scores.length);
  const binCount = options.bins ?? 10;
  if (!Number.isInteger(binCount) || binCount < 1)
    throw new RangeError(`bins: expected an integer >= 1, got ${binCount}`);
  const strategy = options.strategy ?? 'quantile';
  const rows: number[] = [];
  for (let i = 0; i < scores.length; i++) if (Number.isFinite(scores[i])) rows.push(i);
  const n = rows.length;
  const order = Int32Array.from(rows).sort((a, b) => scores[a] - scores[b] || a - b);
  // Bin of each position in `order`.
  const binOf = new Int32Array(n);
  if (strategy === 'uniform') {
    for (let j = 0; j < n; j++) {
      const s = Math.min(1, Math.max(0, scores[order[j]]));
      binOf[j] = Math.min(binCount - 1, Math.floor(s * binCount));
    }
  } else {
    let bin = 0;
    for (let j = 0; j < n; j++) {
      // Move to the next bin at its quantile boundary, but never between two equal scores.
      while (
        bin < binCount - 1 &&
        j >= ((bin + 1) * n) / binCount &&
        scores[order[j]] !== scores[order[j - 1]]
      )
        bin++;
      binOf[j] = bin;
    }
  }
  const bins: CalibrationBin[] = [];
  let ece = 0;
  let brier = 0;
  for (let j = 0; j < n; ) {
    const bin = binOf[j];
    let end = j;
    let sum = 0;
    let opened = 0;
    while (end < n && binOf[end] === bin) {
      const i = order[end];
      const p = scores[i];
      const y = labels[i] > 0 ? 1 : 0;
      sum += p;
      opened += y;
      brier += (p - y) * (p - y);
      end++;
    }
    const count = end - j;
    const meanScore = sum / count;
    const observedRate = opened / count;
    bins.push({ low: scores[order[j]], high: scores[order[end - 1]], count, meanScore, observedRate });
    ece += (count / n) * Math.abs(observedRate - meanScore);
    j = end;
  }
  return {
    bins,
    ece: n > 0 ? ece : Number.NaN,
    brier: n > 0 ? brier / n : Number.NaN,
    rows: n,
    skipped: scores.length - n,
  };
}
