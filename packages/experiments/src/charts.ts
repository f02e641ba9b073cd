/**
 * Vega-Lite specs of an analysis (data inlined), drawn by @wemoms/charts' renderSvg in the CLI's report
 * and, unchanged, in a browser: the daily CTR of every arm with its confidence band, and the cumulative
 * lift of every treatment with its always-valid band (the interval that may be read every day).
 */
import type { ChartSpec } from '@wemoms/charts';
import type { ExperimentAnalysis } from './analyze.js';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Tooltip of a point: its day, its series, then `fields` with their d3 formats. */
function tooltip(series: string, fields: readonly (readonly [string, string])[]) {
  return [
    { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate' } as const,
    { field: series },
    ...fields.map(([field, format]) => ({ field, format })),
  ];
}

/** Daily CTR per arm (that day's impressions only) with its user-level confidence band. */
export function dailyCtrChart(analysis: ExperimentAnalysis): ChartSpec {
  const level = Math.round((1 - analysis.settings.alpha) * 100);
  const values = analysis.days.flatMap((d) =>
    d.arms
      .filter((a) => a.impressions > 0)
      .map((a) => ({
        date: d.date,
        arm: a.arm,
        ctr: a.ctr,
        lower: finite(a.ctrLower),
        upper: finite(a.ctrUpper),
      })),
  );
  const x = { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'day' } as const;
  const color = { field: 'arm', type: 'nominal', title: 'arm', sort: analysis.settings.arms } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Daily CTR per arm',
      subtitle: `each day's impressions, ${level} % CI from user-level variance`,
    },
    width: 520,
    height: 260,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color },
      },
      {
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: {
            field: 'ctr',
            type: 'quantitative',
            title: 'CTR',
            axis: { format: '.1%' },
            scale: { zero: false },
          },
          color,
          tooltip: tooltip('arm', [
            ['ctr', '.2%'],
            ['lower', '.2%'],
            ['upper', '.2%'],
          ]),
        },
      },
    ],
  };
}

/**
 * Cumulative relative lift of each treatment over the control, day by day, with its always-valid
 * confidence sequence (shaded) and the fixed-horizon CI (dashed, valid only at a planned end). The y scale
 * is fitted to the estimates and the later always-valid bounds; the early, very wide bounds are clipped.
 */
export function cumulativeLiftChart(analysis: ExperimentAnalysis): ChartSpec {
  const values = analysis.cumulative.flatMap((d) =>
    d.comparisons.map((c) => ({
      date: d.date,
      treatment: `${c.treatment} vs ${c.control}`,
      lift: finite(c.relativeLift),
      alwaysValidLower: finite(c.alwaysValidLiftLower),
      alwaysValidUpper: finite(c.alwaysValidLiftUpper),
      fixedLower: finite(c.liftLower),
      fixedUpper: finite(c.liftUpper),
      alwaysValidP: c.alwaysValidPValue,
    })),
  );
  const shown: number[] = [0];
  const later = Math.floor(analysis.cumulative.length / 3);
  analysis.cumulative.forEach((d, i) => {
    for (const c of d.comparisons) {
      shown.push(c.relativeLift, c.liftLower, c.liftUpper);
      if (i >= later) shown.push(c.alwaysValidLiftLower, c.alwaysValidLiftUpper);
    }
  });
  const bounded = shown.filter(Number.isFinite);
  const lo = Math.max(-1, Math.min(...bounded));
  const hi = Math.min(3, Math.max(...bounded));
  const pad = (hi - lo) * 0.05 || 0.05;
  const domain = [lo - pad, hi + pad];
  const x = { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: 'day' } as const;
  const color = { field: 'treatment', type: 'nominal', title: 'comparison' } as const;
  const y = (field: string, title?: string) =>
    ({
      field,
      type: 'quantitative',
      title,
      axis: title ? { format: '+.0%' } : undefined,
      scale: { domain },
    }) as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: 'Cumulative lift with its always-valid interval',
      subtitle: `shaded: ${Math.round((1 - analysis.settings.comparisonAlpha) * 100)} % confidence sequence (mSPRT), safe to read daily; dashed: fixed-horizon CI`,
    },
    width: 520,
    height: 260,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.2, clip: true },
        encoding: { x, y: y('alwaysValidLower'), y2: { field: 'alwaysValidUpper' }, color },
      },
      {
        mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1, clip: true },
        encoding: { x, y: y('fixedLower'), color },
      },
      {
        mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1, clip: true },
        encoding: { x, y: y('fixedUpper'), color },
      },
      {
        mark: { type: 'line', point: true, clip: true },
        encoding: {
          x,
          y: y('lift', 'relative lift'),
          color,
          tooltip: tooltip('treatment', [
            ['lift', '+.2%'],
            ['alwaysValidLower', '+.2%'],
            ['alwaysValidUpper', '+.2%'],
            ['alwaysValidP', '.3g'],
          ]),
        },
      },
      {
        mark: { type: 'rule', color: '#57606a' },
        data: { values: [{ zero: 0 }] },
        encoding: { y: y('zero') },
      },
    ],
  };
}
