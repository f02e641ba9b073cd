import { renderReportPage, renderSvg } from '@wemoms/charts';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from './analyze.js';
import { cumulativeLiftChart, dailyCtrChart } from './charts.js';
import { planExperiment } from './plan.js';
import { analysisMarkdown, analysisReportPage, planMarkdown } from './report.js';
import { syntheticExperiment } from './synthetic.js';

const analysis = analyzeExperiment(
  syntheticExperiment({ users: 3000, days: 8, baseline: 0.12, lifts: [0, 0.2], seed: 1 }),
  { arms: ['popularity', 'model'], minDays: 7 },
);

describe('analysis report', () => {
  it('puts the verdict first, then arms, lift, SRM, days and the method', () => {
    const md = analysisMarkdown(analysis, { intro: ['Simulated on the synthetic log.'] });
    expect(md.startsWith('# A/B test: model vs popularity\n\n**Verdict: ')).toBe(true);
    expect(md).toContain(analysis.verdict.line);
    expect(md).toContain('Simulated on the synthetic log.');
    for (const heading of [
      '## Arms',
      '## Lift',
      '## Sample ratio',
      '## Per day',
      '## Cumulative, as read each day',
      '## Method',
    ])
      expect(md).toContain(heading);
    // One row per arm, per day (daily and cumulative tables).
    expect(md.match(/^\| 2023-\d\d-\d\d \|/gm)).toHaveLength(2 * analysis.days.length);
    expect(md).toContain('| model vs popularity |');
  });

  it('renders both charts to SVG and the whole page to self-contained HTML', async () => {
    const daily = dailyCtrChart(analysis) as { data: { values: unknown[] } };
    expect(daily.data.values).toHaveLength(2 * analysis.days.length);
    const lift = cumulativeLiftChart(analysis) as { data: { values: { lift: number }[] } };
    expect(lift.data.values.at(-1)?.lift).toBeCloseTo(analysis.comparisons[0].relativeLift, 12);
    for (const svg of [
      await renderSvg(dailyCtrChart(analysis)),
      await renderSvg(cumulativeLiftChart(analysis)),
    ]) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('</svg>');
    }
    const html = await renderReportPage(analysisReportPage(analysis));
    expect(html).toContain('Cumulative lift with its always-valid interval');
    expect(html).toContain('Daily CTR per arm');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('plan report', () => {
  it('states the sample size, the design effect and the correction', () => {
    const plan = planExperiment({
      baseline: 0.1,
      mde: { relative: 0.1 },
      alpha: 0.05,
      power: 0.8,
      alternative: 'two-sided',
      arms: ['control', 'b', 'c'],
      assumed: { icc: 0.05, impressionsPerUser: 9 },
    });
    const md = planMarkdown(plan);
    expect(md).toContain('Bonferroni over 2 treatments: 0.025 per comparison');
    expect(md).toContain('1 + (m - 1) ICC = 1 + (9 - 1) x 0.05 = 1.40');
    expect(md).toMatch(
      /Independent impressions needed \(two-proportion test, R power.prop.test\): [\d,]+ control/,
    );
  });
});
