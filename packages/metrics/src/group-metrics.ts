/**
 * Per-group metrics: AP@k, NDCG@k, reciprocal rank, the top k's opened count and true probability, and the
 * rank of every positive, group by group, from the same walk as `evaluateRanking`. Everything a report
 * slices a grouping by (test day, user segment, bootstrap resample, rank cut-off) is computed from these
 * arrays without walking the candidates again.
 */

import { orderRankerNames, type RankerScores, type RankersInput } from './baselines.js';
import type { RankingInput } from './evaluate.js';
import { createGroupSink, finishGroupMetrics, type GroupMetrics } from './group-sink.js';
import { type PreparedGroups, prepareGroups, scoresForRanking } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkK, checkOffsets } from './validate.js';
import { walkByPositions } from './walk.js';

export type { GroupMetrics } from './group-sink.js';

/** A grouping's metrics over a selection of its groups (the keys of a metrics.json row but AUC / log loss). */
export interface GroupSummary {
  readonly groups: number;
  /** Groups with a positive: the ones MAP, NDCG, MRR and CTR average over. */
  readonly evaluatedGroups: number;
  readonly positives: number;
  /** `map@k`, `ndcg@k`, `mrr`, `ctr@k` (+ `simulatedCtr@k` with truth); NaN when no group qualifies. */
  readonly metrics: Record<string, number>;
}

function walkGroups(prepared: PreparedGroups, scores: NumericColumn, k: number): GroupMetrics {
  if (scores.length !== prepared.rows) checkOffsets(prepared.offsets, scores.length);
  const sink = createGroupSink(prepared);
  walkByPositions(prepared, scoresForRanking(scores), k, undefined, sink);
  return finishGroupMetrics(prepared, sink, k);
}

/** Per-group metrics of one ranker (same inputs, checks and tie-break as `evaluateRanking`). */
export function evaluateGroups(input: RankingInput, options: { readonly k: number }): GroupMetrics {
  checkK(options.k);
  return walkGroups(prepareGroups(input, input.scores.length), input.scores, options.k);
}

/**
 * Per-group metrics of several rankers on the same candidates (labels, tie keys and truth laid out once),
 * keys in report order; like `evaluateRankers`, the oracle defaults to the truth when truth is given.
 */
export function evaluateGroupsOfRankers(
  input: RankersInput,
  rankers: RankerScores,
  options: { readonly k: number },
): Record<string, GroupMetrics> {
  checkK(options.k);
  const all: Record<string, NumericColumn> = {};
  for (const [name, scores] of Object.entries(rankers)) if (scores) all[name] = scores;
  if (input.truth && !all.oracle) all.oracle = input.truth;
  const out: Record<string, GroupMetrics> = {};
  let prepared: PreparedGroups | undefined;
  for (const name of orderRankerNames(Object.keys(all))) {
    prepared ??= prepareGroups(input, all[name].length);
    out[name] = walkGroups(prepared, all[name], options.k);
  }
  return out;
}

/** The metric keys of a group summary at cut-off k. */
export function groupMetricKeys(k: number, withTruth: boolean): string[] {
  const keys = [`map@${k}`, `ndcg@${k}`, 'mrr', `ctr@${k}`];
  if (withTruth) keys.push(`simulatedCtr@${k}`);
  return keys;
}

/**
 * The metrics over `selection` (group indices; default every group), with the definitions of
 * `evaluateRanking`: means over groups with a positive, CTR@k opened / shown in their top k, simulatedCtr@k
 * over every selected group. Over every group it equals `evaluateRanking`'s values (AP, NDCG, RR sums bit
 * for bit; simulatedCtr within float rounding, summed per group).
 */
export function summarizeGroups(metrics: GroupMetrics, selection?: ArrayLike<number>): GroupSummary {
  const { k } = metrics;
  const n = selection ? selection.length : metrics.groups;
  let evaluated = 0;
  let positives = 0;
  let ap = 0;
  let ndcg = 0;
  let rr = 0;
  let opened = 0;
  let shown = 0;
  let truth = 0;
  let truthShown = 0;
  for (let i = 0; i < n; i++) {
    const g = selection ? selection[i] : i;
    const top = Math.min(k, metrics.size[g]);
    if (metrics.truthTop) {
      truth += metrics.truthTop[g];
      truthShown += top;
    }
    if (metrics.positives[g] === 0) continue;
    evaluated++;
    positives += metrics.positives[g];
    ap += metrics.ap[g];
    ndcg += metrics.ndcg[g];
    rr += metrics.rr[g];
    opened += metrics.topOpened[g];
    shown += top;
  }
  const mean = (sum: number) => (evaluated > 0 ? sum / evaluated : Number.NaN);
  const values: Record<string, number> = {
    [`map@${k}`]: mean(ap),
    [`ndcg@${k}`]: mean(ndcg),
    mrr: mean(rr),
    [`ctr@${k}`]: shown > 0 ? opened / shown : Number.NaN,
  };
  if (metrics.truthTop) values[`simulatedCtr@${k}`] = truthShown > 0 ? truth / truthShown : Number.NaN;
  return { groups: n, evaluatedGroups: evaluated, positives, metrics: values };
}

/** One point of the rank curves: the metrics at cut-off `k`. */
export interface RankCurvePoint {
  readonly k: number;
  /** Opened / shown in the top min(k, size) of every group with a positive (CTR@k). */
  readonly ctr: number;
  /** Share of all positives ranked within the top k (the cumulative gain curve, recall@k). */
  readonly recall: number;
}

/**
 * CTR@k and the cumulative gain (share of positives in the top k) for k = 1..maxK, from the positives'
 * ranks: how the feed's click-through and coverage change with the number of posts shown.
 */
export function rankCurves(metrics: GroupMetrics, maxK: number): RankCurvePoint[] {
  if (!Number.isInteger(maxK) || maxK < 1)
    throw new RangeError(`maxK: expected an integer >= 1, got ${maxK}`);
  // Positives at each rank 1..maxK, and the evaluated groups' sizes.
  const atRank = new Float64Array(maxK + 1);
  let total = 0;
  const sizes: number[] = [];
  for (let g = 0; g < metrics.groups; g++) {
    if (metrics.positives[g] === 0) continue;
    sizes.push(metrics.size[g]);
    for (let i = metrics.positiveOffsets[g]; i < metrics.positiveOffsets[g + 1]; i++) {
      total++;
      const r = metrics.positiveRanks[i];
      if (r <= maxK) atRank[r]++;
    }
  }
  const points: RankCurvePoint[] = [];
  let opened = 0;
  for (let k = 1; k <= maxK; k++) {
    opened += atRank[k];
    let shown = 0;
    for (const size of sizes) shown += Math.min(k, size);
    points.push({
      k,
      ctr: shown > 0 ? opened / shown : Number.NaN,
      recall: total > 0 ? opened / total : Number.NaN,
    });
  }
  return points;
}
