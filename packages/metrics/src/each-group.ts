/**
 * Ranking metrics of every group on its own, for paired comparisons of two rankers on the same groups
 * (standard errors of a difference of means): each group is evaluated by `evaluateRanking` alone, so the
 * values are exactly the terms whose mean `evaluateRanking` reports over all groups.
 */
import { evaluateRanking, type RankingInput } from './evaluate.js';

/** Per group: NDCG@k and AP@k (NaN for a group without a positive). */
export interface GroupMetrics {
  readonly ndcg: Float64Array;
  readonly ap: Float64Array;
}

/** NDCG@k and AP@k of each group of `input` (CSR `offsets`), in group order. */
export function metricsOfEachGroup(input: Omit<RankingInput, 'truth'>, k: number): GroupMetrics {
  const groups = input.offsets.length - 1;
  const ndcg = new Float64Array(groups);
  const ap = new Float64Array(groups);
  const slice = <T extends RankingInput['scores']>(column: T, start: number, end: number) =>
    (Array.isArray(column) ? column.slice(start, end) : (column as Float64Array).subarray(start, end)) as T;
  for (let g = 0; g < groups; g++) {
    const start = input.offsets[g];
    const end = input.offsets[g + 1];
    const { metrics } = evaluateRanking(
      {
        offsets: Int32Array.of(0, end - start),
        scores: slice(input.scores, start, end),
        labels: slice(input.labels, start, end),
        tieKeys: slice(input.tieKeys, start, end),
      },
      { k, scoresAreProbabilities: false },
    );
    const row = metrics as unknown as Record<string, number>;
    ndcg[g] = row[`ndcg@${k}`];
    ap[g] = row[`map@${k}`];
  }
  return { ndcg, ap };
}
