/**
 * Ranking metrics of one ranker on one grouping (DESIGN section 6), all in float64, in one pass over the
 * within-group order: AP@k / MAP@k, NDCG@k, MRR, mean rank of positives, CTR@k, simulatedCtr@k, plus the
 * global AUC and log loss over all rows.
 */

import { aucFromFlags } from './auc.js';
import { createGroupSink, finishGroupMetrics, type GroupMetrics } from './group-sink.js';
import { logLossFromFlags } from './log-loss.js';
import type { MetricRow } from './metric-row.js';
import { type PreparedGroups, prepareGroups, scoresForRanking } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkK, checkOffsets } from './validate.js';
import { type GroupWalk, walkByPositions } from './walk.js';

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
  /**
   * Also return the per-group record (`RankingEvaluation.perGroup`): what a report slices by day or user
   * segment and bootstraps, from the same walk (no second pass over the candidates).
   */
  readonly perGroup?: boolean;
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
  /** Per-group metrics, with the `perGroup` option. */
  readonly perGroup?: GroupMetrics;
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
 *
 * Cost: O(n log R) per group (no full within-group sort: only the top k and the rank of each positive
 * matter) plus the global AUC (a sort of the smaller class and a bucketed search). The results equal, bit
 * for bit, the full-sort reference the property tests keep (`reference.ts`).
 */
export function evaluateRanking<K extends number = 10>(
  input: RankingInput,
  options: EvaluateOptions<K>,
): RankingEvaluation<K> {
  checkK(options.k);
  const prepared = prepareGroups(input, input.scores.length);
  return evaluatePrepared(prepared, input.scores, options);
}

/**
 * One ranker on prepared groups (`prepareGroups`): what `evaluateRankers` calls once per ranker.
 * @internal
 */
export function evaluatePrepared<K extends number = 10>(
  prepared: PreparedGroups,
  scores: NumericColumn,
  options: EvaluateOptions<K>,
): RankingEvaluation<K> {
  const { k } = options;
  checkK(k);
  // A score column of the wrong length fails with the same message as the offsets check.
  if (scores.length !== prepared.rows) checkOffsets(prepared.offsets, scores.length);
  const s = scoresForRanking(scores);
  const sink = options.perGroup ? createGroupSink(prepared) : undefined;
  const walk = walkByPositions(prepared, s, k, undefined, sink);
  const evaluation = finishEvaluation(walk, {
    k,
    rows: prepared.rows,
    groups: prepared.groups,
    auc: aucFromFlags(s, prepared.positive, prepared.positives),
    logloss: options.scoresAreProbabilities === false ? Number.NaN : logLossFromFlags(s, prepared.positive),
    withTruth: prepared.truth !== undefined,
  });
  return sink ? { ...evaluation, perGroup: finishGroupMetrics(prepared, sink, k) } : evaluation;
}

/** Turns the walk's sums and the global AUC / log loss into the evaluation (shared by every path). */
export function finishEvaluation<K extends number>(
  walk: GroupWalk,
  totals: { k: K; rows: number; groups: number; auc: number; logloss: number; withTruth: boolean },
): RankingEvaluation<K> {
  const { k, groups } = totals;
  const metrics: Record<string, number> = {
    [`map@${k}`]: walk.evaluatedGroups > 0 ? walk.apSum / walk.evaluatedGroups : Number.NaN,
    [`ndcg@${k}`]: walk.evaluatedGroups > 0 ? walk.ndcgSum / walk.evaluatedGroups : Number.NaN,
    mrr: walk.evaluatedGroups > 0 ? walk.rrSum / walk.evaluatedGroups : Number.NaN,
    meanRank: walk.positives > 0 ? walk.positiveRankSum / walk.positives : Number.NaN,
    auc: totals.auc,
    logloss: totals.logloss,
    [`ctr@${k}`]: walk.topShown > 0 ? walk.topOpened / walk.topShown : Number.NaN,
  };
  if (totals.withTruth)
    metrics[`simulatedCtr@${k}`] = walk.truthShown > 0 ? walk.truthTopSum / walk.truthShown : Number.NaN;

  return {
    metrics: metrics as MetricRow<K>,
    k,
    rows: totals.rows,
    groups,
    evaluatedGroups: walk.evaluatedGroups,
    groupsWithoutPositive: groups - walk.evaluatedGroups,
    positives: walk.positives,
    meanGroupAuc: walk.groupsWithAuc > 0 ? walk.groupAucSum / walk.groupsWithAuc : Number.NaN,
    groupsWithAuc: walk.groupsWithAuc,
  };
}
