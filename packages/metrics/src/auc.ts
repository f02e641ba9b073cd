/** ROC AUC by the Mann-Whitney statistic, ties counted one half (what `roc_auc_score` computes). */

import { scoresForRanking } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkLength } from './validate.js';

/**
 * Global ROC AUC over all rows: the probability that a random positive (label > 0) scores above a random
 * negative, tied pairs counting 1/2. NaN scores count as the lowest possible score (they rank last, tied
 * with -Infinity). Returns NaN when there is no positive or no negative.
 *
 * Sorts only the smaller class (positives, usually) and places each row of the other class among them
 * through a table of up to 2^20 buckets on the high bits of the float64 key, then a short binary search: O(n) plus
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
  return aucFromFlags(scoresForRanking(scores), positive, positives);
}

/** Index of the high 32-bit word of a float64 in a Uint32Array view (1 on little-endian engines). */
const HIGH_WORD = new Uint32Array(new Float64Array([1]).buffer)[1] === 0x3ff00000 ? 1 : 0;

/**
 * Order-preserving unsigned key of a float32, or of a float64's high word: monotone non-decreasing in the
 * value (NaN and -0 are mapped away before).
 */
function wordKey(word: number): number {
  return (word & 0x80000000) !== 0 ? ~word >>> 0 : (word | 0x80000000) >>> 0;
}

/**
 * AUC of float scores given a 0/1 positive flag per row and the number of positives.
 * @internal shared with `evaluateRankers`, which computes the flags once per grouping.
 */
export function aucFromFlags(
  s: Float64Array | Float32Array,
  positive: Uint8Array,
  positives: number,
): number {
  const n = s.length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const f32 = s instanceof Float32Array;
  // Keys come from the float's bits: all 32 of a float32, the high word of a float64.
  const stride = f32 ? 1 : 2;
  const offset = f32 ? 0 : HIGH_WORD;
  // The smaller class is sorted; flag value `small` marks its rows.
  const small = positives <= negatives ? 1 : 0;
  const m = small === 1 ? positives : negatives;
  const sorted = f32 ? new Float32Array(m) : new Float64Array(m);
  let q = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i] === small) {
      const v = s[i];
      sorted[q++] = Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v + 0; // NaN lowest; -0 + 0 = +0
    }
  }
  sorted.sort();
  // Distinct values and, for each, how many sorted values lie strictly below (below[d] = m): a row's
  // counts come from one lower-bound search, however many values tie (popularity counts: a handful).
  const distinct = f32 ? new Float32Array(m) : new Float64Array(m);
  const below = new Int32Array(m + 1);
  let d = 0;
  for (let j = 0; j < m; j++) {
    if (j === 0 || sorted[j] !== sorted[j - 1]) {
      distinct[d] = sorted[j];
      below[d++] = j;
    }
  }
  below[d] = m;

  // Bucket table over the key range: bucket b holds distinct[start[b] .. start[b + 1]).
  const distinctWords = new Uint32Array(distinct.buffer);
  const minKey = wordKey(distinctWords[offset]);
  const maxKey = wordKey(distinctWords[stride * (d - 1) + offset]);
  // About 16 buckets per distinct value (short searches), at most 2^20 (4 MB) and well below n entries.
  const bucketBits = Math.max(8, Math.min(20, Math.ceil(Math.log2(d)) + 4, Math.floor(Math.log2(n)) - 3));
  let shift = 0;
  while ((maxKey - minKey) / 2 ** shift >= 2 ** bucketBits) shift++;
  const buckets = Math.floor((maxKey - minKey) / 2 ** shift) + 1;
  const start = new Int32Array(buckets + 1);
  for (let j = 0; j < d; j++) start[((wordKey(distinctWords[stride * j + offset]) - minKey) >>> shift) + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];

  const words = new Uint32Array(s.buffer, s.byteOffset, stride * n);
  // Keys of -Infinity (where NaN goes) and +0 (where -0 goes).
  const negInfKey = wordKey(f32 ? 0xff800000 : 0xfff00000);
  const zeroKey = wordKey(0);
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
      key = wordKey(words[stride * i + offset]);
    }
    if (key < minKey) continue; // below every sorted value
    if (key > maxKey) {
      belowSum += m;
      continue;
    }
    const b = (key - minKey) >>> shift;
    let lo = start[b];
    let hi = start[b + 1];
    // Values of lower buckets are below v, of higher buckets above: search inside the bucket only.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    belowSum += below[lo];
    if (lo < d && distinct[lo] === v) equalSum += below[lo + 1] - below[lo];
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
