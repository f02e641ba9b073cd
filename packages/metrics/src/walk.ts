/**
 * The per-group sums behind every per-group metric (AP@k, NDCG@k, RR, ranks of positives, CTR@k,
 * simulatedCtr@k, within-group AUC), two ways that give bit-identical sums:
 * - `walkByPositions` (used): O(n) per group. Only the top k rows (simulatedCtr) and the rank of each
 *   positive matter, so it selects the top k with a small insertion buffer and, for each row, counts the
 *   positives it ranks above (a search among the group's few positives, sorted in ranking order); a
 *   histogram of those counts gives every positive's rank.
 * - `walkByOrder` (the reference, kept for the property tests): a full within-group sort, then one pass.
 * Every float sum is accumulated in the same order by both (per group in group order, per positive in rank
 * order), so the results are equal to the last bit, not just close.
 */

import { before, type RankColumn, sortRowsByRank } from './index-sort.js';
import type { PreparedGroups } from './prepare.js';
import type { NumericColumn } from './types.js';

/** Running sums over groups (a walk can continue over the next chunk of groups). */
export interface GroupWalk {
  evaluatedGroups: number;
  positives: number;
  apSum: number;
  ndcgSum: number;
  rrSum: number;
  positiveRankSum: number;
  topOpened: number;
  topShown: number;
  truthTopSum: number;
  truthShown: number;
  groupAucSum: number;
  groupsWithAuc: number;
}

/**
 * Optional per-group record of a walk (arrays of length groups, filled at the walked group's index):
 * what bootstrap intervals, per-day and per-segment metrics and rank curves are computed from.
 */
export interface GroupSink {
  /** AP@k, NDCG@k and reciprocal rank of group g; left as is (NaN-filled by the caller) without positive. */
  readonly ap: Float64Array;
  readonly ndcg: Float64Array;
  readonly rr: Float64Array;
  /** Sum of the truth over the top min(k, size) rows (0 without truth). */
  readonly truthTop: Float64Array;
  /** Rank of each positive, best first, CSR by the prepared `positiveOffsets`. */
  readonly positiveRanks: Int32Array;
}

export function emptyWalk(): GroupWalk {
  return {
    evaluatedGroups: 0,
    positives: 0,
    apSum: 0,
    ndcgSum: 0,
    rrSum: 0,
    positiveRankSum: 0,
    topOpened: 0,
    topShown: 0,
    truthTopSum: 0,
    truthShown: 0,
    groupAucSum: 0,
    groupsWithAuc: 0,
  };
}

/**
 * discount[i] = 1 / log2(i + 2), the DCG weight of rank i + 1, and idealBinary[r] = the sum of the first r
 * discounts (summed in order, so the values do not depend on the depth).
 */
function discountTables(depth: number): { discount: Float64Array; idealBinary: Float64Array } {
  const discount = new Float64Array(depth);
  const idealBinary = new Float64Array(depth + 1);
  for (let i = 0; i < depth; i++) {
    discount[i] = 1 / Math.log2(i + 2);
    idealBinary[i + 1] = idealBinary[i] + discount[i];
  }
  return { discount, idealBinary };
}

/** Ideal DCG@k of graded gains: the group's gains sorted descending (the reference's arithmetic). */
function gradedIdeal(
  labels: NumericColumn,
  lo: number,
  hi: number,
  top: number,
  discount: Float64Array,
  scratch: Float64Array,
): number {
  const size = hi - lo;
  const gains = scratch.subarray(0, size);
  for (let j = lo; j < hi; j++) gains[j - lo] = labels[j];
  gains.sort();
  let ideal = 0;
  for (let i = 0; i < top; i++) ideal += gains[size - 1 - i] * discount[i];
  return ideal;
}

/** Equal scores for tie runs: NaN equals NaN here (both rank last, neither above the other). */
function sameScore(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Row a (score sa) ranks strictly before row b (score sb, tie key tb): `before` of indexSort with the
 * scores already loaded, reading row a's tie key only on equal scores.
 */
function rowBefore(sa: number, t: RankColumn, a: number, sb: number, tb: number, b: number): boolean {
  if (sa > sb) return true;
  if (sa < sb) return false;
  if (sa !== sb) {
    // At least one NaN: a NaN score ranks after every number.
    const aNaN = Number.isNaN(sa);
    if (aNaN !== Number.isNaN(sb)) return !aNaN;
  }
  const ta = t[a];
  return ta < tb || (ta === tb && a < b);
}

/**
 * The fast walk: O(size * log(positives)) per group, O(size) when the positives rank near the top.
 * One pass per group: the top rows (simulatedCtr, only with truth) in a small sorted buffer, and for each
 * row how many positives it ranks before (a suffix of the positives in ranking order, found by comparing
 * with the worst positive first, then a binary search); the histogram of those counts gives each
 * positive's rank, and the same position gives the within-group AUC counts.
 * @param s the ranker's scores (NaN allowed, ranks last).
 */
export function walkByPositions(
  prep: PreparedGroups,
  s: Float64Array | Float32Array,
  k: number,
  w: GroupWalk = emptyWalk(),
  sink?: GroupSink,
): GroupWalk {
  const { offsets, groups, labels, positive, positiveOffsets, positiveRows, binaryGains, truth } = prep;
  const t = prep.tieKeys;
  const depth = Math.min(k, prep.maxSize);
  const { discount, idealBinary } = discountTables(depth);
  const pos = new Int32Array(prep.maxPositives);
  const posScore = new Float64Array(prep.maxPositives);
  const posTie = new Float64Array(prep.maxPositives);
  const hist = new Int32Array(prep.maxPositives + 1);
  const topRows = new Int32Array(depth);
  const withTruth = truth !== undefined;
  let gainScratch: Float64Array | undefined;

  for (let g = 0; g < groups; g++) {
    const lo = offsets[g];
    const hi = offsets[g + 1];
    const size = hi - lo;
    const top = Math.min(k, size);
    const pLo = positiveOffsets[g];
    const relevant = positiveOffsets[g + 1] - pLo;
    if (relevant === 0 && !withTruth) continue;

    // The group's positives in ranking order, their scores and keys at hand.
    for (let i = 0; i < relevant; i++) pos[i] = positiveRows[pLo + i];
    if (relevant > 1) sortRowsByRank(pos, 0, relevant, s, t);
    for (let i = 0; i < relevant; i++) {
      posScore[i] = s[pos[i]];
      posTie[i] = t[pos[i]];
    }
    hist.fill(0, 0, relevant + 1);
    const last = relevant - 1;
    const worstRow = relevant > 0 ? pos[last] : -1;
    const worstScore = relevant > 0 ? posScore[last] : Number.NaN;
    const worstTie = relevant > 0 ? posTie[last] : 0;
    // Within-group Mann-Whitney: per negative, positives scoring strictly above it and equal (ties 1/2).
    let aboveSum = 0;
    let equalSum = 0;
    let m = 0; // rows in the top buffer
    let topScore = Number.NaN; // score of topRows[m - 1] once the buffer is full
    for (let r = lo; r < hi; r++) {
      const sr = s[r];
      if (withTruth) {
        let j = -1;
        if (m < top) j = m++;
        else if (!(sr < topScore) && before(s, t, r, topRows[m - 1])) j = m - 1;
        if (j >= 0) {
          while (j > 0 && before(s, t, r, topRows[j - 1])) {
            topRows[j] = topRows[j - 1];
            j--;
          }
          topRows[j] = r;
          if (m === top) topScore = s[topRows[m - 1]];
        }
      }
      if (relevant === 0) continue;
      if (sr < worstScore) {
        // Below every positive (the usual row for a good ranker): no tie possible.
        hist[0]++;
        if (positive[r] === 0) aboveSum += relevant;
        continue;
      }
      // c = how many positives row r ranks before: a suffix of `pos`.
      let c = 0;
      if (rowBefore(sr, t, r, worstScore, worstTie, worstRow)) {
        let a = 0;
        let b = last; // r ranks before pos[b]; find the first such index
        while (a < b) {
          const mid = (a + b) >> 1;
          if (rowBefore(sr, t, r, posScore[mid], posTie[mid], pos[mid])) b = mid;
          else a = mid + 1;
        }
        c = relevant - a;
      }
      hist[c]++;
      if (positive[r] === 0) {
        // Positives pos[0 .. boundary) rank before r: those scoring strictly above, and ties won on the key.
        const boundary = relevant - c;
        let tiedBefore = 0;
        for (let j = boundary - 1; j >= 0 && sameScore(posScore[j], sr); j--) tiedBefore++;
        let tiedAfter = 0;
        for (let j = boundary; j < relevant && sameScore(posScore[j], sr); j++) tiedAfter++;
        aboveSum += boundary - tiedBefore;
        equalSum += tiedBefore + tiedAfter;
      }
    }
    if (withTruth) {
      let groupTruth = 0;
      for (let j = 0; j < top; j++) {
        w.truthTopSum += truth[topRows[j]];
        groupTruth += truth[topRows[j]];
      }
      w.truthShown += top;
      if (sink) sink.truthTop[g] = groupTruth;
    }
    if (relevant === 0) continue;
    w.evaluatedGroups++;
    w.positives += relevant;
    const negatives = size - relevant;

    let apSum = 0;
    let dcg = 0;
    let firstRank = 0;
    let rowsAbove = 0;
    for (let i = 0; i < relevant; i++) {
      rowsAbove += hist[relevant - i]; // rows ranked before pos[i]: they rank before >= relevant - i positives
      const rank = rowsAbove + 1;
      const hits = i + 1;
      w.positiveRankSum += rank;
      if (sink) sink.positiveRanks[pLo + i] = rank;
      if (i === 0) firstRank = rank;
      if (rank <= k) {
        apSum += hits / rank;
        dcg += labels[pos[i]] * discount[rank - 1];
        w.topOpened++;
      }
    }
    // Exact: both sums are integers far below 2^53, as is the reference's sum of half-integers.
    const aucWins = aboveSum + 0.5 * equalSum;

    w.apSum += apSum / Math.min(k, relevant);
    w.rrSum += 1 / firstRank;
    w.topShown += top;
    let ideal: number;
    if (binaryGains[g] === 1) {
      ideal = idealBinary[Math.min(depth, relevant)];
    } else {
      if (!gainScratch) gainScratch = new Float64Array(prep.maxSize);
      ideal = gradedIdeal(labels, lo, hi, top, discount, gainScratch);
    }
    w.ndcgSum += dcg / ideal;
    if (sink) {
      sink.ap[g] = apSum / Math.min(k, relevant);
      sink.ndcg[g] = dcg / ideal;
      sink.rr[g] = 1 / firstRank;
    }
    if (negatives > 0) {
      w.groupAucSum += aucWins / (relevant * negatives);
      w.groupsWithAuc++;
    }
  }
  return w;
}

/**
 * The reference walk: every group in full ranking order (`order` from `orderWithinGroups`).
 * Kept for the property tests that pin `walkByPositions` to it.
 */
export function walkByOrder(
  offsets: Int32Array,
  order: Int32Array,
  scores: NumericColumn,
  labels: NumericColumn,
  k: number,
  truth: NumericColumn | undefined,
  w: GroupWalk = emptyWalk(),
): GroupWalk {
  const groups = offsets.length - 1;
  let maxSize = 0;
  for (let g = 0; g < groups; g++) maxSize = Math.max(maxSize, offsets[g + 1] - offsets[g]);
  const depth = Math.min(k, maxSize);
  const { discount, idealBinary } = discountTables(depth);
  let gainScratch: Float64Array | undefined;

  for (let g = 0; g < groups; g++) {
    const lo = offsets[g];
    const hi = offsets[g + 1];
    const size = hi - lo;
    const top = Math.min(k, size);
    if (truth) {
      for (let j = lo; j < lo + top; j++) w.truthTopSum += truth[order[j]];
      w.truthShown += top;
    }
    let relevant = 0;
    let binaryGains = true;
    for (let j = lo; j < hi; j++) {
      const label = labels[j];
      if (label > 0) {
        relevant++;
        if (label !== 1) binaryGains = false;
      }
    }
    if (relevant === 0) continue;
    w.evaluatedGroups++;
    w.positives += relevant;
    const negatives = size - relevant;

    let hits = 0;
    let apSum = 0;
    let dcg = 0;
    let firstRank = 0;
    // Within-group Mann-Whitney over runs of equal score (ties count 1/2).
    let aucWins = 0;
    let negativesSeen = 0;
    let runPos = 0;
    let runNeg = 0;
    for (let j = lo; j < hi; j++) {
      const row = order[j];
      const rank = j - lo + 1;
      const label = labels[row];
      if (j > lo && !sameScore(scores[row], scores[order[j - 1]])) {
        negativesSeen += runNeg;
        aucWins += runPos * (negatives - negativesSeen + 0.5 * runNeg);
        runPos = 0;
        runNeg = 0;
      }
      if (label > 0) {
        runPos++;
        hits++;
        w.positiveRankSum += rank;
        if (firstRank === 0) firstRank = rank;
        if (rank <= k) {
          apSum += hits / rank;
          dcg += label * discount[rank - 1];
          w.topOpened++;
        }
      } else {
        runNeg++;
      }
    }
    negativesSeen += runNeg;
    aucWins += runPos * (negatives - negativesSeen + 0.5 * runNeg);

    w.apSum += apSum / Math.min(k, relevant);
    w.rrSum += 1 / firstRank;
    w.topShown += top;
    let ideal: number;
    if (binaryGains) {
      ideal = idealBinary[Math.min(depth, relevant)];
    } else {
      if (!gainScratch) gainScratch = new Float64Array(maxSize);
      ideal = gradedIdeal(labels, lo, hi, top, discount, gainScratch);
    }
    w.ndcgSum += dcg / ideal;
    if (negatives > 0) {
      w.groupAucSum += aucWins / (relevant * negatives);
      w.groupsWithAuc++;
    }
  }
  return w;
}
