/**
 * Ranking metrics of one ranker on one grouping (DESIGN section 6), all in float64, in one pass over the
 * within-group order: AP@k / MAP@k, NDCG@k, MRR, mean rank of positives, CTR@k, simulatedCtr@k, plus the
 * global AUC and log loss over all rows.
 */

import { rocAuc } from './auc.js';
import { logLoss } from './logLoss.js';
import type { MetricRow } from './metricRow.js';
import { orderWithinGroups } from './ranking.js';
import type { NumericColumn } from './types.js';
import { checkK, checkLabels, checkLength, checkOffsets, checkProbabilities } from './validate.js';

/** The columns of one grouping, rows of a group contiguous. */
export interface RankingInput {
  /** CSR group offsets, length groups + 1 (see `groupOffsetsFromIds`). */
  readonly offsets: Int32Array;
  /** One score per row; higher ranks first. */
  readonly scores: NumericColumn;
  /**
   * One label per row: 0 = not opened, > 0 = relevant. Binary metrics use label > 0; NDCG uses the value
   * as the gain (1 for our binary labels; graded gains work too).
   */
  readonly labels: NumericColumn;
  /** One tie key per row (post-id rank from `dictionaryRank`): lower first among equal scores. */
  readonly tieKeys: NumericColumn;
  /** Optional true open probability per row (synthetic ground truth): enables `simulatedCtr@k`. */
  readonly truth?: NumericColumn;
}

export interface EvaluateOptions<K extends number = 10> {
  /** Cut-off of the @k metrics; key names follow it. */
  readonly k: K;
  /**
   * Whether the scores are probabilities, for log loss: `false` reports NaN (a popularity count is not a
   * probability even when it happens to be 0 or 1); `undefined` checks that every score is in [0, 1].
   */
  readonly scoresAreProbabilities?: boolean;
}

/** Metrics of one ranker on one grouping, with the counts behind them. */
export interface RankingEvaluation<K extends number = 10> {
  /** Exactly the report keys; NaN where a metric is undefined (no positives, scores not probabilities). */
  readonly metrics: MetricRow<K>;
  readonly k: K;
  readonly rows: number;
  readonly groups: number;
  /** Groups with at least one positive: the ones MAP, NDCG, MRR, CTR average over. */
  readonly evaluatedGroups: number;
  /** Groups left out of MAP, NDCG, MRR, CTR for having no positive. */
  readonly groupsWithoutPositive: number;
  readonly positives: number;
  /**
   * Mean over groups holding both a positive and a negative of the within-group ROC AUC (ties 1/2).
   * Unlike the global `auc`, it does not reward separating groups from each other; NaN if no such group.
   */
  readonly meanGroupAuc: number;
  readonly groupsWithAuc: number;
}

/**
 * Evaluates one ranking.
 *
 * Definitions (R = positives in the group, ranks 1-based by `rankWithinGroups`):
 * - AP@k = (1 / min(k, R)) * sum over ranks i <= k of P@i * rel_i; MAP@k = mean AP@k over groups with R > 0.
 * - NDCG@k = DCG@k / IDCG@k, DCG@k = sum_{i<=k} gain_i / log2(i + 1), IDCG@k from the group's own gains
 *   sorted descending (for binary labels: the first min(k, R) discounts). Mean over groups with R > 0.
 * - MRR = mean over groups with R > 0 of 1 / rank of the first positive.
 * - meanRank = mean rank over all positives (every positive counts, so groups with many positives weigh more).
 * - auc: global ROC AUC over all rows (`rocAuc`); logloss over all rows (`logLoss`, NaN if not probabilities).
 * - ctr@k = opened items in the top min(k, size) / items in the top min(k, size), summed over groups with
 *   R > 0 (micro average, like an online CTR: opened / displayed).
 * - simulatedCtr@k (with truth) = sum of true probabilities of the top min(k, size) / their count, over all
 *   groups (it needs no label).
 * Groups with R = 0 are left out of the label metrics and counted in `groupsWithoutPositive`.
 */
export function evaluateRanking<K extends number = 10>(
  input: RankingInput,
  options: EvaluateOptions<K>,
): RankingEvaluation<K> {
  const { offsets, scores, labels, tieKeys, truth } = input;
  const { k } = options;
  checkK(k);
  const rows = scores.length;
  const groups = checkOffsets(offsets, rows);
  checkLength('labels', labels, rows);
  checkLength('tieKeys', tieKeys, rows);
  if (truth) {
    checkLength('truth', truth, rows);
    checkProbabilities('truth', truth);
  }
  checkLabels('labels', labels);

  const order = orderWithinGroups(offsets, scores, tieKeys);
  const walk = walkGroups(offsets, order, scores, labels, k, truth);

  const metrics: Record<string, number> = {
    [`map@${k}`]: walk.evaluatedGroups > 0 ? walk.apSum / walk.evaluatedGroups : Number.NaN,
    [`ndcg@${k}`]: walk.evaluatedGroups > 0 ? walk.ndcgSum / walk.evaluatedGroups : Number.NaN,
    mrr: walk.evaluatedGroups > 0 ? walk.rrSum / walk.evaluatedGroups : Number.NaN,
    meanRank: walk.positives > 0 ? walk.positiveRankSum / walk.positives : Number.NaN,
    auc: rocAuc(scores, labels),
    logloss: options.scoresAreProbabilities === false ? Number.NaN : logLoss(scores, labels),
    [`ctr@${k}`]: walk.topShown > 0 ? walk.topOpened / walk.topShown : Number.NaN,
  };
  if (truth)
    metrics[`simulatedCtr@${k}`] = walk.truthShown > 0 ? walk.truthTopSum / walk.truthShown : Number.NaN;

  return {
    metrics: metrics as MetricRow<K>,
    k,
    rows,
    groups,
    evaluatedGroups: walk.evaluatedGroups,
    groupsWithoutPositive: groups - walk.evaluatedGroups,
    positives: walk.positives,
    meanGroupAuc: walk.groupsWithAuc > 0 ? walk.groupAucSum / walk.groupsWithAuc : Number.NaN,
    groupsWithAuc: walk.groupsWithAuc,
  };
}

interface GroupWalk {
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

/** One pass over every group in ranking order, accumulating the sums behind every per-group metric. */
function walkGroups(
  offsets: Int32Array,
  order: Int32Array,
  scores: NumericColumn,
  labels: NumericColumn,
  k: number,
  truth: NumericColumn | undefined,
): GroupWalk {
  const groups = offsets.length - 1;
  let maxSize = 0;
  for (let g = 0; g < groups; g++) maxSize = Math.max(maxSize, offsets[g + 1] - offsets[g]);
  // discount[i] = 1 / log2(i + 2): the DCG weight of rank i + 1; no group reaches past maxSize.
  const depth = Math.min(k, maxSize);
  const discount = new Float64Array(depth);
  const idealBinary = new Float64Array(depth + 1); // idealBinary[r] = sum of the first r discounts
  for (let i = 0; i < depth; i++) {
    discount[i] = 1 / Math.log2(i + 2);
    idealBinary[i + 1] = idealBinary[i] + discount[i];
  }
  let gainScratch: Float64Array | undefined;

  const w: GroupWalk = {
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
      if (!gainScratch || gainScratch.length < size) gainScratch = new Float64Array(maxSize);
      const gains = gainScratch.subarray(0, size);
      for (let j = lo; j < hi; j++) gains[j - lo] = labels[j];
      gains.sort();
      ideal = 0;
      for (let i = 0; i < top; i++) ideal += gains[size - 1 - i] * discount[i];
    }
    w.ndcgSum += dcg / ideal;
    if (negatives > 0) {
      w.groupAucSum += aucWins / (relevant * negatives);
      w.groupsWithAuc++;
    }
  }
  return w;
}

/** Equal scores for tie runs: NaN equals NaN here (both rank last, neither above the other). */
function sameScore(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
