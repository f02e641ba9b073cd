/**
 * The feature importance section of the evaluation report (permutation importance on the eval days, the
 * linear model's weights): its own module so that the report worker builds it without the rest of the
 * report (arquero, bootstrap).
 */
import { type ChartSpec, importanceChart, type ReportSection, type ReportTable } from '@wemoms/charts';
import type { ImportanceReport } from './feature-importance.js';
import { formatMetric as fmt } from './format-metric.js';

/** The section of `imp`, charts as Vega-Lite specs. */
export function buildImportanceSection(imp: ImportanceReport): ReportSection {
  const p = imp.permutation;
  const sorted = [...p.features].sort((a, b) => b.logLossIncrease.mean - a.logLossIncrease.mean);
  const charts: ChartSpec[] = [
    importanceChart(
      sorted.map((f) => ({
        feature: f.feature,
        importance: f.logLossIncrease.mean,
        low: f.logLossIncrease.min,
        high: f.logLossIncrease.max,
      })),
      {
        title: 'Permutation importance (eval days)',
        valueTitle: 'log loss increase when shuffled',
        interval: { low: 'low', high: 'high' },
      },
    ),
  ];
  const tables: ReportTable[] = [
    {
      caption: `${p.rows} eval rows, ${p.repeats} shuffles per feature (seed ${p.seed}); baseline log loss ${fmt(p.baseline.logLoss)}, AUC ${fmt(p.baseline.auc)}, within user-day AUC ${fmt(p.baseline.groupAuc)}`,
      columns: ['feature', 'log loss increase', 'min', 'max', 'AUC drop', 'user-day AUC drop'],
      rows: sorted
        .slice(0, 40)
        .map((f) => [
          f.feature,
          fmt(f.logLossIncrease.mean, 5),
          fmt(f.logLossIncrease.min, 5),
          fmt(f.logLossIncrease.max, 5),
          fmt(f.aucDrop.mean, 5),
          fmt(f.groupAucDrop.mean, 5),
        ]),
    },
  ];
  if (imp.weights) {
    const top = [...imp.weights.weights].sort(
      (a, b) => Math.abs(b.relativeWeight) - Math.abs(a.relativeWeight),
    );
    charts.push(
      importanceChart(
        top.map((w) => ({ feature: w.slot, importance: w.relativeWeight })),
        { title: 'Linear model: largest weights', valueTitle: 'weight (per std; categories vs their mean)' },
      ),
    );
    tables.push({
      caption:
        `Logistic regression weights on the standardised inputs (bias ${fmt(imp.weights.bias)}), largest 30: numeric ` +
        'inputs per standard deviation; a category relative to its feature’s frequency-weighted mean (raw one-hot weight beside it)',
      columns: ['input', 'feature', 'weight', 'raw weight'],
      rows: top.slice(0, 30).map((w) => [w.slot, w.feature, fmt(w.relativeWeight), fmt(w.weight)]),
    });
  }
  return {
    title: 'Feature importance',
    text:
      'Permutation importance: how much the eval days’ log loss rises when one feature is shuffled across rows ' +
      '(bars: mean, line: min to max over the shuffles). Correlated features share credit: shuffling one leaves its twin. ' +
      'A negative value means the model does better on the eval days without the feature: it learnt something from the ' +
      'training days that does not hold on the eval days.' +
      (imp.linear
        ? ''
        : ' The model has hidden layers: its weights say nothing per feature, so only permutation importance is shown.'),
    charts,
    tables,
  };
}
