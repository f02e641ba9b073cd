/** ROC AUC by the Mann-Whitney statistic, ties counted one half (what `roc_auc_score` computes). */

import type { NumericColumn } from './types.js';
import { checkLength } from './validate.js';

/**
 * Global ROC AUC over all rows: the probability that a random positive (label > 0) scores above a random
 * negative, tied pairs counting 1/2. NaN scores count as the lowest possible score (they rank last).
 * Returns NaN when there is no positive or no negative. O(n log n) on two native float64 sorts.
 */
export function rocAuc(scores: NumericColumn, labels: NumericColumn): number {
  const n = scores.length;
  checkLength('labels', labels, n);
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] > 0) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    const v = Number.isNaN(s) ? Number.NEGATIVE_INFINITY : s;
    if (labels[i] > 0) pos[p++] = v;
    else neg[q++] = v;
  }
  pos.sort();
  neg.sort();
  // Walk both ascending lists; for each positive, count negatives strictly below and equal.
  let below = 0;
  let wins = 0;
  let i = 0;
  while (i < positives) {
    const v = pos[i];
    let runPos = 0;
    while (i < positives && pos[i] === v) {
      runPos++;
      i++;
    }
    while (below < negatives && neg[below] < v) below++;
    let equal = 0;
    while (below + equal < negatives && neg[below + equal] === v) equal++;
    wins += runPos * (below + 0.5 * equal);
  }
  return wins / (positives * negatives);
}
