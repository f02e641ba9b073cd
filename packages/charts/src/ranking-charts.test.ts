import { describe, expect, it } from 'vitest';
import { barChart, colorScale, heatmapChart, lineChart, RANKER_COLORS } from './builders.js';
import {
  calibrationChart,
  importanceChart,
  metricIntervalsChart,
  rankCurveChart,
  trainingCurvesCharts,
} from './ranking-charts.js';
import { renderSvg } from './render-svg.js';

/** Text of the SVG's <text> elements (axis titles, labels, chart title). */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

describe('chart builders', () => {
  it('keeps one colour per ranker on every chart, the model first', () => {
    const scale = colorScale(['random', 'model', 'mlp', 'popularity', 'oracle', 'mlp']);
    expect(scale.domain).toEqual(['random', 'model', 'mlp', 'popularity', 'oracle']);
    expect(scale.range[1]).toBe(RANKER_COLORS.model);
    expect(scale.range[0]).toBe(RANKER_COLORS.random);
    expect(new Set(scale.range).size).toBe(5);
  });

  it('draws lines with gaps for missing values, rules and a diagonal', async () => {
    const spec = lineChart(
      [
        { x: 1, y: 0.5, s: 'a' },
        { x: 2, y: Number.NaN, s: 'a' },
        { x: 3, y: 0.7, s: 'a' },
      ],
      {
        title: 'T',
        x: { field: 'x' },
        y: { field: 'y', title: 'why' },
        color: { field: 's' },
        rules: [{ x: 2, label: 'mark' }],
        diagonal: true,
      },
    );
    // NaN is not JSON: it travels as null, which Vega-Lite leaves out of the line.
    expect(JSON.stringify(spec)).not.toContain('NaN');
    const svg = await renderSvg(spec);
    expect(texts(svg)).toEqual(expect.arrayContaining(['T', 'why', 'mark']));
  });

  it('draws a heatmap with its values printed in the cells', async () => {
    const svg = await renderSvg(
      heatmapChart(
        [
          { viewer: 'mom', author: 'mom', rate: 0.2 },
          { viewer: 'mom', author: 'pregnant', rate: 0.1 },
          { viewer: 'pregnant', author: 'pregnant', rate: 0.3 },
        ],
        { title: 'open rate', x: { field: 'author' }, y: { field: 'viewer' }, value: { field: 'rate' } },
      ),
    );
    expect(texts(svg)).toEqual(expect.arrayContaining(['open rate', '20.0%', '30.0%', 'pregnant']));
  });

  it('draws grouped bars with intervals, sorted by value on request', async () => {
    const spec = barChart(
      [
        { stage: 'mom', rate: 0.12, low: 0.1, high: 0.14 },
        { stage: 'pregnant', rate: 0.18, low: 0.16, high: 0.2 },
      ],
      {
        title: 'open rate',
        category: { field: 'stage' },
        value: { field: 'rate', format: '.0%' },
        interval: { low: 'low', high: 'high' },
        sortByValue: true,
      },
    );
    const svg = await renderSvg(spec);
    expect(texts(svg)).toEqual(expect.arrayContaining(['open rate', 'mom', 'pregnant']));
    expect(svg.match(/role-mark rule|class="mark-rule/g)?.length ?? 0).toBeGreaterThan(0);
    // A colour that is a property of the category (a day's period) colours whole bars, side by side otherwise.
    const rows = [
      { day: 'a', n: 1, period: 'train' },
      { day: 'b', n: 2, period: 'test' },
    ];
    const whole = JSON.stringify(
      barChart(rows, {
        category: { field: 'day' },
        value: { field: 'n' },
        color: { field: 'period' },
        grouped: false,
      }),
    );
    const grouped = JSON.stringify(
      barChart(rows, { category: { field: 'day' }, value: { field: 'n' }, color: { field: 'period' } }),
    );
    expect(whole).not.toContain('xOffset');
    expect(grouped).toContain('xOffset');
  });
});

describe('ranking charts', () => {
  it('splits a training history into a loss chart and one per other metric, with the best epoch', async () => {
    const epochs = [1, 2, 3].map((epoch) => ({
      epoch,
      loss: 1 / epoch,
      valLoss: 1.1 / epoch,
      valAuc: 0.5 + epoch / 10,
      elapsedMs: epoch * 100,
    }));
    const charts = trainingCurvesCharts(epochs, { bestEpoch: 2 });
    expect(charts).toHaveLength(2);
    const [loss, auc] = await Promise.all(charts.map(renderSvg));
    expect(texts(loss)).toEqual(
      expect.arrayContaining(['Training: loss', 'loss', 'valLoss', 'best epoch 2']),
    );
    expect(texts(auc)).toEqual(expect.arrayContaining(['Training: auc', 'valAuc']));
    expect(texts(loss).join(' ')).not.toContain('elapsedMs');
  });

  it('draws intervals, calibration, rank curves and importance', async () => {
    const svgs = await Promise.all(
      [
        metricIntervalsChart(
          [
            { label: 'model', estimate: 0.71, low: 0.66, high: 0.76 },
            { label: 'random', estimate: 0.61, low: 0.56, high: 0.66 },
          ],
          { title: 'impressions MAP@10', metric: 'MAP@10' },
        ),
        calibrationChart([
          { ranker: 'model', meanScore: 0.1, observedRate: 0.12, count: 50 },
          { ranker: 'model', meanScore: 0.3, observedRate: 0.28, count: 50 },
        ]),
        rankCurveChart(
          [1, 2, 3].map((k) => ({ ranker: 'model', k, ctr: 0.3 / k })),
          { title: 'CTR@k', metric: 'ctr', yTitle: 'CTR@k' },
        ),
        importanceChart(
          [
            { feature: 'post_age', importance: 0.04 },
            { feature: 'user_stage', importance: -0.01 },
            { feature: 'nan', importance: Number.NaN },
          ],
          { title: 'Permutation importance', valueTitle: 'AUC drop' },
        ),
      ].map(renderSvg),
    );
    expect(texts(svgs[0])).toEqual(expect.arrayContaining(['impressions MAP@10', 'model', 'random']));
    expect(texts(svgs[1])).toEqual(
      expect.arrayContaining(['observed open rate', 'mean predicted probability']),
    );
    expect(texts(svgs[2])).toEqual(expect.arrayContaining(['CTR@k', 'cut-off k (posts shown)']));
    expect(texts(svgs[3])).toEqual(expect.arrayContaining(['post_age', 'user_stage']));
    expect(texts(svgs[3])).not.toContain('nan');
  });
});
