/** ROC AUC by the Mann-Whitney statistic, ties counted one half (what `roc_auc_score` computes). */

import { scoresAsFloat64 } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkLength } from './validate.js';

/**
 * Global ROC AUC over all rows: the probability that a random positive (label > 0) scores above a random
 * negative, tied pairs counting 1/2. NaN scores count as the lowest possible score (they rank last, tied
 * with -Infinity). Returns NaN when there is no positive or no negative.
 *
 * Sorts only the smaller class (positives, usually) and places each row of the other class among them
 * through a 2^16-bucket table on the high bits of the float64 key, then a short binary search: O(n) plus
 * O(m log m) for the m rows of the smaller class, exact (all counts are integers below 2^53).
 */
export function rocAuc(scores: NumericColumn, labels: NumericColumn): number {
  const n = scores.length;
  checkLength('labels', labels, n);
  const positive = new Uint8Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] > 0) {
      positive[i] = 1;
      positives++;
    }
  }
  return aucFromFlags(scoresAsFloat64(scores), positive, positives);
}

/** Index of the high 32-bit word of a float64 in a Uint32Array view (1 on little-endian engines). */
const HIGH_WORD = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;
const BUCKET_BITS = 16;
/** The high word of -Infinity (where NaN scores go) and of +0 (where -0 goes). */
const NEG_INF_HIGH = 0xfff00000;
const ZERO_HIGH = 0;

/** Order-preserving unsigned key of a float64's high word: monotone non-decreasing in the value. */
function highKey(high: number): number {
  return (high & 0x80000000) !== 0 ? ~high >>> 0 : (high | 0x80000000) >>> 0;
}

/**
 * AUC of float64 scores given a 0/1 positive flag per row and the number of positives.
 * @internal shared with `evaluateRankers`, which computes the flags once per grouping.
 */
export function aucFromFlags(s: Float64Array, positive: Uint8Array, positives: number): number {
  const n = s.length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // The smaller class is sorted; flag value `small` marks its rows.
  const small = positives <= negatives ? 1 : 0;
  const m = small === 1 ? positives : negatives;
  const sorted = new Float64Array(m);
  let q = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i] === small) {
      const v = s[i];
      sorted[q++] = Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v + 0; // NaN lowest; -0 + 0 = +0
    }
  }
  sorted.sort();

  // Bucket table over the key range of the sorted class: bucket b holds sorted[start[b] .. start[b + 1]).
  const sortedWords = new Uint32Array(sorted.buffer);
  const minKey = highKey(sortedWords[HIGH_WORD]);
  const maxKey = highKey(sortedWords[2 * (m - 1) + HIGH_WORD]);
  let shift = 0;
  while ((maxKey - minKey) / 2 ** shift >= 2 ** BUCKET_BITS) shift++;
  const buckets = Math.floor((maxKey - minKey) / 2 ** shift) + 1;
  const start = new Int32Array(buckets + 1);
  for (let j = 0; j < m; j++) start[((highKey(sortedWords[2 * j + HIGH_WORD]) - minKey) >>> shift) + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];

  const words = new Uint32Array(s.buffer, s.byteOffset, 2 * n);
  const negInfKey = highKey(NEG_INF_HIGH);
  const zeroKey = highKey(ZERO_HIGH);
  // Over the other class: how many sorted values are below each row's score, and how many equal.
  let belowSum = 0;
  let equalSum = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i] === small) continue;
    let v = s[i];
    let key: number;
    if (Number.isNaN(v)) {
      v = Number.NEGATIVE_INFINITY;
      key = negInfKey;
    } else if (v === 0) {
      v = 0;
      key = zeroKey;
    } else {
      key = highKey(words[2 * i + HIGH_WORD]);
    }
    if (key < minKey) continue; // below every sorted value
    if (key > maxKey) {
      belowSum += m;
      continue;
    }
    const b = (key - minKey) >>> shift;
    let lo = start[b];
    let hi = start[b + 1];
    const end = hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    belowSum += lo;
    if (lo < end && sorted[lo] === v) {
      // Equal values share a key, hence a bucket: the upper bound is inside it too.
      let a = lo + 1;
      let z = end;
      while (a < z) {
        const mid = (a + z) >> 1;
        if (sorted[mid] <= v) a = mid + 1;
        else z = mid;
      }
      equalSum += a - lo;
    }
  }
  // Wins = pairs (positive, negative) with the positive above, ties 1/2; exact in float64 (< 2^53).
  const others = n - m;
  const wins = small === 0 ? belowSum + 0.5 * equalSum : others * m - belowSum - equalSum + 0.5 * equalSum;
  return wins / (positives * negatives);
}

/**
 * The reference AUC (two full native sorts and a merge), kept for the property tests.
 * @internal
 */
export function rocAucBySort(scores: NumericColumn, labels: NumericColumn): number {
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
