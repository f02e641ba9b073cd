import { orderWithinGroups } from '@wemoms/metrics';

/** One line of the shown top 10. */
export interface TopItem {
  readonly rank: number;
  readonly row: number;
  readonly trackableId: string;
  readonly score: number;
  readonly opened: boolean;
}

/**
 * The best `k` candidates of one user: score descending, then post id ascending (`tieKeys` from
 * `dictionaryRank`), through the metrics package's ranking, the very rule `wemoms rank` applies.
 */
export function topK(
  scores: Float32Array,
  tieKeys: Int32Array,
  ids: readonly string[],
  opened: ReadonlySet<string>,
  k: number,
): TopItem[] {
  const order = orderWithinGroups(Int32Array.of(0, scores.length), scores, tieKeys);
  const top: TopItem[] = [];
  for (let i = 0; i < Math.min(k, order.length); i++) {
    const row = order[i];
    top.push({ rank: i + 1, row, trackableId: ids[row], score: scores[row], opened: opened.has(ids[row]) });
  }
  return top;
}
