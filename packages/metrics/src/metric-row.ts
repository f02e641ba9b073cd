/** The metric row: one ranker on one grouping. Key names follow the cut-off k (`map@10` for k = 10). */

/** Metrics of one ranker on one grouping; `simulatedCtr@k` only when ground truth was given. */
export type MetricRow<K extends number = 10> = {
  [P in `map@${K}` | `ndcg@${K}` | 'mrr' | 'meanRank' | 'auc' | 'logloss' | `ctr@${K}`]: number;
} & { [P in `simulatedCtr@${K}`]?: number };

/** The metric keys of a row, in report order: `map@k, ndcg@k, mrr, meanRank, auc, logloss, ctr@k[, simulatedCtr@k]`. */
export function metricKeys(k: number, withTruth: boolean): string[] {
  const keys = [`map@${k}`, `ndcg@${k}`, 'mrr', 'meanRank', 'auc', 'logloss', `ctr@${k}`];
  if (withTruth) keys.push(`simulatedCtr@${k}`);
  return keys;
}
