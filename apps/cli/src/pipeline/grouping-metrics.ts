/**
 * The metrics of one grouping's evaluation rows, what `evaluate` computes per grouping (in its thread, or
 * for the largest grouping in the metrics worker beside it): every ranker by the same metric code (the
 * model, the most-popular baseline, a seeded random one and, with ground truth, the oracle and the
 * observable ceiling), the product figures of each ranker's top k, and how many candidates had no earlier
 * observation of their post.
 */
import {
  evaluateRankers,
  GROUPINGS,
  type GroupingName,
  type NumericColumn,
  type RankingEvaluation,
  randomScores,
  topItemFigures,
} from '@wemoms/metrics';
import type { GroupingRows } from '../io/evaluation-rows.js';

export interface GroupingMetrics {
  /** Per ranker, with the per-group record (`perGroup`) the report slices and bootstraps. */
  readonly evaluations: Record<string, RankingEvaluation<number>>;
  /** Per ranker: distinct posts in the top k and distinct #1 per test day, share of users with their own #1. */
  readonly product: Record<string, Record<string, number>>;
  readonly withoutEarlierObservation: { candidates: number; count: number; share: number };
}

/** Metrics of `data`, the rows of `grouping`, at cut-off `k`; `seed` seeds the random baseline. */
export function groupingMetrics(
  grouping: GroupingName,
  data: GroupingRows,
  k: number,
  seed: number,
): GroupingMetrics {
  const scores: Record<string, NumericColumn> = {
    model: data.model,
    popularity: data.popularity,
    // Seeded per grouping so adding a grouping does not change another's random baseline.
    random: randomScores(data.labels.length, seed + GROUPINGS.indexOf(grouping)),
  };
  if (data.truth && data.ceiling) {
    scores.oracle = data.truth;
    scores.ceiling = data.ceiling;
  }
  const evaluations = evaluateRankers(
    { offsets: data.offsets, labels: data.labels, tieKeys: data.tieKeys, truth: data.truth ?? undefined },
    scores,
    { k, perGroup: true },
  );
  // A test day's candidates are the posts of the day before, so posts never repeat across days: the
  // distinct posts over every day's top k, divided by the days, is the mean per day.
  const days = Math.max(1, data.days.length);
  const product: Record<string, Record<string, number>> = {};
  for (const ranker of Object.keys(evaluations)) {
    const f = topItemFigures(data.offsets, scores[ranker], data.tieKeys, k);
    product[ranker] = {
      distinctTopPostsPerDay: f.distinctTopItems / days,
      distinctFirstPostsPerDay: f.distinctFirstItems / days,
      ownFirstShare: f.groups > 0 ? f.groupsWithOwnFirst / f.groups : Number.NaN,
    };
  }
  const candidates = data.labels.length;
  return {
    evaluations,
    product,
    withoutEarlierObservation: {
      candidates,
      count: data.withoutEarlierObservation,
      share: candidates > 0 ? data.withoutEarlierObservation / candidates : 0,
    },
  };
}
