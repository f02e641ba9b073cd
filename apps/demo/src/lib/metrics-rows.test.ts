import { buildMetricsReport, evaluateRanking } from '@wemoms/metrics';
import { describe, expect, it } from 'vitest';
import { DEMO_K, extractMetricRows, METRIC_KEYS, rowsForDay } from './metrics-rows.js';

const row = (map: number) => ({
  'map@10': map,
  'ndcg@10': map / 2,
  mrr: null,
  meanRank: 3,
  auc: 0.6,
  logloss: 0.4,
  'ctr@10': 0.1,
});

describe('metrics rows', () => {
  it('finds grouping x ranker rows of a metrics report', () => {
    const report = {
      groupings: { userDay: { model: row(0.3), random: row(0.01) }, impressions: { model: row(0.5) } },
      groupsWithoutPositive: { userDay: 2 },
      data: { k: 10, groupings: { userDay: { rows: 10, groups: 2, evaluatedGroups: 2, positives: 3 } } },
    };
    const rows = extractMetricRows(report);
    expect(rows.map((r) => r.path.join('/'))).toEqual([
      'groupings/userDay/model',
      'groupings/userDay/random',
      'groupings/impressions/model',
    ]);
    expect(rows[0].values['map@10']).toBe(0.3);
    expect(rows[0].values.mrr).toBeNaN();
  });

  it('keeps the loaded day when the report is broken down per day', () => {
    const report = {
      days: { '2023-01-29': { model: row(0.2) }, '2023-01-30': { model: row(0.4) } },
      overall: { model: row(0.3) },
    };
    const { rows, perDay } = rowsForDay(extractMetricRows(report), '2023-01-30');
    expect(perDay).toBe(true);
    expect(rows).toHaveLength(1);
    expect(rows[0].values['map@10']).toBe(0.4);
    expect(rows[0].path).toEqual(['days', 'model']);
  });

  it('falls back to the all-days rows when no row names the day', () => {
    const { rows, perDay } = rowsForDay(
      extractMetricRows({ groupings: { event: { model: row(0.9) } } }),
      '2023-01-30',
    );
    expect(perDay).toBe(false);
    expect(rows).toHaveLength(1);
  });
});

describe('METRIC_KEYS', () => {
  it("are the keys of @wemoms/metrics' rows with ground truth, in its order, so a report's every metric shows", () => {
    // Two groups of three candidates, scores as probabilities, with truth: every metric defined.
    const evaluation = evaluateRanking(
      {
        offsets: Int32Array.of(0, 3, 6),
        scores: Float64Array.of(0.9, 0.5, 0.1, 0.2, 0.8, 0.4),
        labels: Uint8Array.of(1, 0, 0, 0, 0, 1),
        tieKeys: Int32Array.of(0, 1, 2, 3, 4, 5),
        truth: Float64Array.of(0.6, 0.2, 0.1, 0.3, 0.2, 0.5),
      },
      { k: DEMO_K, scoresAreProbabilities: true },
    );
    expect(METRIC_KEYS).toEqual(Object.keys(evaluation.metrics));
    const [row] = extractMetricRows(
      buildMetricsReport({ groupings: { userDay: { model: evaluation } }, data: {} }),
    );
    expect(Object.keys(row.values)).toEqual(METRIC_KEYS);
  });
});
