import { describe, expect, it } from 'vitest';
import { evaluateRankers } from './baselines.js';
import { exposureCaveat, formatMetricsMarkdown } from './markdown.js';
import { buildMetricsReport } from './report.js';

const grouping = (truth: boolean) => {
  const input = {
    offsets: Int32Array.of(0, 3, 6, 8),
    labels: Uint8Array.of(0, 1, 0, 1, 0, 0, 0, 0), // the third group has no positive
    tieKeys: Int32Array.of(2, 0, 1, 0, 1, 2, 0, 1),
    truth: truth ? Float64Array.of(0.1, 0.6, 0.2, 0.5, 0.3, 0.05, 0.2, 0.1) : undefined,
  };
  return evaluateRankers(
    input,
    {
      model: Float64Array.of(0.2, 0.7, 0.1, 0.4, 0.5, 0.3, 0.1, 0.2),
      popularity: Float64Array.of(0, 1, 1, 3, 0, 0, 2, 2),
      random: Float64Array.of(0.3, 0.1, 0.9, 0.5, 0.2, 0.8, 0.4, 0.6),
    },
    { k: 10 },
  );
};

describe('buildMetricsReport', () => {
  const report = buildMetricsReport({
    groupings: { impressions: grouping(false), event: grouping(true), userDay: grouping(true) },
    data: { dataset: 'synthetic', testDays: ['2023-01-28', '2023-02-01'] },
  });

  it('has the metrics.json shape of issue 7', () => {
    expect(Object.keys(report)).toEqual(['groupings', 'groupsWithoutPositive', 'data']);
    expect(Object.keys(report.groupings)).toEqual(['event', 'userDay', 'impressions']);
    expect(Object.keys(report.groupings.event ?? {})).toEqual(['model', 'popularity', 'random', 'oracle']);
    expect(Object.keys(report.groupings.event?.model ?? {})).toEqual([
      'map@10',
      'ndcg@10',
      'mrr',
      'meanRank',
      'auc',
      'logloss',
      'ctr@10',
      'simulatedCtr@10',
    ]);
    expect(Object.keys(report.groupings.impressions?.model ?? {})).not.toContain('simulatedCtr@10');
    expect(report.groupsWithoutPositive).toEqual({ event: 1, userDay: 1, impressions: 1 });
    expect(report.data).toEqual({
      k: 10,
      groupings: {
        event: { rows: 8, groups: 3, evaluatedGroups: 2, positives: 2 },
        userDay: { rows: 8, groups: 3, evaluatedGroups: 2, positives: 2 },
        impressions: { rows: 8, groups: 3, evaluatedGroups: 2, positives: 2 },
      },
      dataset: 'synthetic',
      testDays: ['2023-01-28', '2023-02-01'],
    });
  });

  it('writes undefined metrics as null, so the object survives JSON', () => {
    expect(report.groupings.event?.popularity.logloss).toBeNull();
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    // model: group 0 positive at rank 1, group 1 positive at rank 2 -> MRR 3/4
    expect(report.groupings.event?.model.mrr).toBe(0.75);
  });

  it('refuses rankers scored on different candidates, mixed k, unknown groupings, reserved data keys', () => {
    const small = evaluateRankers(
      { offsets: Int32Array.of(0, 2), labels: Uint8Array.of(1, 0), tieKeys: Int32Array.of(0, 1) },
      { random: Float64Array.of(0.1, 0.2) },
      { k: 10 },
    );
    expect(() =>
      buildMetricsReport({ groupings: { event: { ...grouping(false), other: small.random } } }),
    ).toThrow(/groupings.event: other was evaluated on 2 rows/);
    const k5 = evaluateRankers(
      { offsets: Int32Array.of(0, 2), labels: Uint8Array.of(1, 0), tieKeys: Int32Array.of(0, 1) },
      { random: Float64Array.of(0.1, 0.2) },
      { k: 5 },
    );
    expect(() => buildMetricsReport({ groupings: { event: grouping(false), userDay: k5 as never } })).toThrow(
      /k = 5/,
    );
    expect(() => buildMetricsReport({ groupings: { daily: grouping(false) } as never })).toThrow(
      /groupings.daily/,
    );
    expect(() => buildMetricsReport({ groupings: {}, data: { k: 3 } })).toThrow(/reserved/);
  });
});

describe('formatMetricsMarkdown', () => {
  const report = buildMetricsReport({
    groupings: { event: grouping(true), userDay: grouping(true), impressions: grouping(true) },
    data: { dataset: 'synthetic' },
  });
  const text = formatMetricsMarkdown(report);
  const tableRows = text.split('\n').filter((line) => /^\| (event|userDay|impressions) \|/.test(line));

  it('prints one table row per grouping and ranker, every row with the same number of cells', () => {
    expect(tableRows).toHaveLength(12);
    const header = text.split('\n').find((line) => line.startsWith('| grouping |')) ?? '';
    const cells = (line: string) => line.split(/(?<!\\)\|/).length;
    for (const row of tableRows) expect(cells(row)).toBe(cells(header));
    expect(header).toContain('simulatedCtr@10');
  });

  it('prints the exposure caveat beside event and userDay, not beside impressions', () => {
    const caveat = exposureCaveat(10);
    expect(caveat.split(/[.;]\s/).length).toBeLessThanOrEqual(2); // one sentence (a semicolon at most)
    expect(tableRows.find((r) => r.startsWith('| event | model |'))).toContain(caveat);
    expect(tableRows.find((r) => r.startsWith('| userDay | model |'))).toContain(caveat);
    expect(tableRows.filter((r) => r.startsWith('| impressions |')).some((r) => r.includes('Caveat'))).toBe(
      false,
    );
    expect(caveat).toContain('`impressions`');
    expect(caveat).toContain('simulatedCtr@10');
  });

  it('formats numbers readably and undefined metrics as n/a', () => {
    const popularity = tableRows.find((r) => r.startsWith('| event | popularity |')) ?? '';
    expect(popularity).toContain('n/a'); // log loss of counts
    expect(tableRows.find((r) => r.startsWith('| event | model |'))).toContain('| 0.7500 |'); // mrr
    expect(text).toContain('Groups left out of map/ndcg/mrr/ctr for having no positive: event 1 of 3');
    expect(text).toContain('- dataset: synthetic');
  });
});

describe('the observable ceiling and the product figures', () => {
  const input = {
    offsets: Int32Array.of(0, 3, 6),
    labels: Uint8Array.of(0, 1, 0, 1, 0, 0),
    tieKeys: Int32Array.of(0, 1, 2, 0, 1, 2),
    truth: Float64Array.of(0.1, 0.6, 0.2, 0.5, 0.3, 0.05),
  };
  const rankers = evaluateRankers(
    input,
    {
      ceiling: Float64Array.of(0.2, 0.5, 0.3, 0.4, 0.35, 0.1),
      model: Float64Array.of(0.2, 0.7, 0.1, 0.4, 0.5, 0.3),
      random: Float64Array.of(0.3, 0.1, 0.9, 0.5, 0.2, 0.8),
      popularity: Float64Array.of(0, 1, 1, 3, 0, 0),
    },
    { k: 10 },
  );
  const report = buildMetricsReport({
    groupings: { userDay: rankers },
    product: {
      userDay: {
        model: { distinctTopPostsPerDay: 3, distinctFirstPostsPerDay: 2, ownFirstShare: 1 },
        oracle: { distinctTopPostsPerDay: 3, distinctFirstPostsPerDay: 1, ownFirstShare: Number.NaN },
      },
    },
  });

  it('lists the ceiling right after the oracle, and keeps the product figures (NaN as null)', () => {
    expect(Object.keys(report.groupings.userDay ?? {})).toEqual([
      'model',
      'popularity',
      'random',
      'oracle',
      'ceiling',
    ]);
    expect(report.product?.userDay?.oracle.ownFirstShare).toBeNull();
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('prints the ceiling definition and the product table', () => {
    const md = formatMetricsMarkdown(report);
    expect(md).toContain('| userDay | ceiling |');
    expect(md).toContain('- ceiling (ranker): the observable ceiling');
    expect(md).toContain('## Product figures');
    expect(md).toContain(
      '| grouping | ranker | distinct posts in the top 10 per day | distinct #1 posts per day | users with their own #1 |',
    );
    expect(md).toContain('| userDay | model | 3.0 | 2.0 | 100.0 % |');
    expect(md).toContain('| userDay | oracle | 3.0 | 1.0 | n/a |');
    expect(md.indexOf('## Product figures')).toBeLessThan(md.indexOf('## Data'));
  });

  it('prints neither without a ceiling or product figures', () => {
    const md = formatMetricsMarkdown(
      buildMetricsReport({
        groupings: { userDay: evaluateRankers(input, { model: input.truth }, { k: 10 }) },
      }),
    );
    expect(md).not.toContain('ceiling');
    expect(md).not.toContain('## Product figures');
  });
});
