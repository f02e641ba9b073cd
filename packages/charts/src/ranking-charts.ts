/**
 * The charts of a ranking report, shared by the CLI's HTML reports and the demo: training curves,
 * metrics with their confidence intervals, calibration, CTR@k and gain curves, feature importance.
 * Each takes plain rows (what @wemoms/metrics and a training history give) and returns Vega-Lite specs.
 */
import { barChart, type ChartRow, intervalChart, lineChart } from './builders.js';
import type { ChartSpec } from './render-svg.js';

/** One epoch of a training history: `epoch` and any logged quantities (`loss`, `valLoss`, `valAuc`...). */
export type EpochRow = Readonly<Record<string, number | null>>;

/** Wall-clock columns of a history are not curves of the fit. */
const isTiming = (name: string) => /ms$|elapsed|time/i.test(name);
/** `valAuc`, `val_auc` and `auc` share a chart. */
const baseOf = (name: string) => name.replace(/^val_?/i, '').toLowerCase();

/**
 * Training curves: every loss on one chart, each other logged metric (with its validation twin) on its
 * own, a dashed rule at the restored best epoch. Returns one chart per scale, losses first.
 */
export function trainingCurvesCharts(
  epochs: readonly EpochRow[],
  options: { readonly bestEpoch?: number | null; readonly width?: number } = {},
): ChartSpec[] {
  const names = [...new Set(epochs.flatMap((e) => Object.keys(e)))].filter(
    (n) => n !== 'epoch' && !isTiming(n),
  );
  const losses = names.filter((n) => /loss/i.test(n));
  const others = names.filter((n) => !/loss/i.test(n));
  const panels: { title: string; names: string[] }[] = [];
  if (losses.length) panels.push({ title: 'loss', names: losses });
  for (const base of [...new Set(others.map(baseOf))])
    panels.push({ title: base, names: others.filter((n) => baseOf(n) === base) });
  const rules =
    options.bestEpoch != null ? [{ x: options.bestEpoch, label: `best epoch ${options.bestEpoch}` }] : [];
  return panels.map(({ title, names: series }) =>
    lineChart(
      epochs.flatMap((e, i) =>
        series.map((name) => ({ epoch: e.epoch ?? i + 1, series: name, value: e[name] ?? null })),
      ),
      {
        title: `Training: ${title}`,
        width: options.width,
        x: { field: 'epoch', title: 'epoch' },
        y: { field: 'value', title },
        color: { field: 'series', title: 'series' },
        rules,
      },
    ),
  );
}

/** A metric's point estimate and interval per ranker (or any label). */
export interface IntervalRow {
  readonly label: string;
  /** The ranker the row is about (its colour); default: the label. */
  readonly ranker?: string;
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/**
 * A metric per ranker with its bootstrap interval (a forest plot). With `reference: 0` the rows are
 * differences with a baseline: an interval clear of the dashed zero line is a real difference.
 */
export function metricIntervalsChart(
  rows: readonly IntervalRow[],
  options: {
    readonly title: string;
    readonly metric: string;
    readonly reference?: number;
    readonly width?: number;
  },
): ChartSpec {
  const withRanker = rows.map(
    (r): ChartRow => ({
      label: r.label,
      ranker: r.ranker ?? r.label,
      estimate: r.estimate,
      low: r.low,
      high: r.high,
    }),
  );
  return intervalChart(withRanker, {
    title: options.title,
    width: options.width,
    label: { field: 'label', title: null },
    color: { field: 'ranker' },
    estimate: { field: 'estimate', title: options.metric },
    low: 'low',
    high: 'high',
    reference: options.reference,
  });
}

/** One calibration bin of one ranker. */
export interface CalibrationRow extends ChartRow {
  readonly ranker: string;
  readonly meanScore: number;
  readonly observedRate: number;
  readonly count: number;
}

/**
 * The reliability plot: observed open rate against mean predicted probability per bin, one line per
 * ranker, beside the y = x diagonal of perfect calibration. Axes span the data (open probabilities are
 * small), not [0, 1].
 */
export function calibrationChart(
  rows: readonly CalibrationRow[],
  options: { readonly title?: string; readonly width?: number } = {},
): ChartSpec {
  const top = Math.max(0.05, ...rows.flatMap((r) => [r.meanScore, r.observedRate]).filter(Number.isFinite));
  const domain = [0, Math.min(1, top * 1.05)] as const;
  return lineChart(rows, {
    title: options.title ?? 'Calibration (reliability)',
    width: options.width ?? 300,
    height: 300,
    x: { field: 'meanScore', title: 'mean predicted probability', domain },
    y: { field: 'observedRate', title: 'observed open rate', domain },
    color: { field: 'ranker', title: 'ranker' },
    diagonal: true,
    points: true,
  });
}

/** One point of a rank curve of one ranker. */
export interface RankCurveRow extends ChartRow {
  readonly ranker: string;
  readonly k: number;
}

/** `metric` (a field of the rows: `ctr`, `recall`) at each cut-off k, one line per ranker. */
export function rankCurveChart(
  rows: readonly RankCurveRow[],
  options: {
    readonly title: string;
    readonly metric: string;
    readonly yTitle: string;
    readonly width?: number;
  },
): ChartSpec {
  return lineChart(rows, {
    title: options.title,
    width: options.width,
    x: { field: 'k', title: 'cut-off k (posts shown)' },
    y: { field: options.metric, title: options.yTitle },
    color: { field: 'ranker', title: 'ranker' },
  });
}

/** A feature's importance, with an optional interval (e.g. over permutation repeats). */
export interface ImportanceRow extends ChartRow {
  readonly feature: string;
  readonly importance: number;
}

/** Horizontal bars of importance per feature, largest first (the `limit` largest, default 25). */
export function importanceChart(
  rows: readonly ImportanceRow[],
  options: {
    readonly title: string;
    readonly valueTitle: string;
    readonly limit?: number;
    readonly interval?: { readonly low: string; readonly high: string };
    readonly width?: number;
  },
): ChartSpec {
  const top = [...rows]
    .filter((r) => Number.isFinite(r.importance))
    .sort((a, b) => Math.abs(b.importance) - Math.abs(a.importance))
    .slice(0, options.limit ?? 25);
  return barChart(top, {
    title: options.title,
    width: options.width ?? 320,
    height: Math.max(60, 16 * top.length),
    horizontal: true,
    category: { field: 'feature', title: null, order: top.map((r) => r.feature) },
    value: { field: 'importance', title: options.valueTitle },
    interval: options.interval,
  });
}
