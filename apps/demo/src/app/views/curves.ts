import { lineChartSvg } from '../../lib/chart.js';
import type { TrainingCurves } from '../../lib/history.js';
import { h, svg } from '../dom.js';

/**
 * Training curves: losses on one chart, every other logged metric on its own (they live on other scales).
 */
export function curvesView(curves: TrainingCurves | null): HTMLElement {
  const panel = h('section', { class: 'panel', 'data-testid': 'curves' }, h('h2', {}, 'Training curves'));
  if (!curves) {
    panel.append(h('p', { class: 'muted' }, 'No history.json in the export.'));
    return panel;
  }
  // Wall-clock columns are not curves of the fit.
  const names = Object.keys(curves.series).filter((n) => !/ms$|elapsed|time/i.test(n));
  const losses = names.filter((n) => /loss/i.test(n));
  const others = names.filter((n) => !/loss/i.test(n));
  const charts: { title: string; names: string[] }[] = [];
  if (losses.length) charts.push({ title: 'loss', names: losses });
  // valAuc and val_auc both pair with auc.
  const baseOf = (n: string) => n.replace(/^val_?/i, '').toLowerCase();
  const bases = [...new Set(others.map(baseOf))];
  for (const base of bases) charts.push({ title: base, names: others.filter((n) => baseOf(n) === base) });
  for (const chart of charts)
    panel.append(
      h('h3', {}, chart.title),
      svg(
        lineChartSvg(
          chart.names.map((name) => ({ name, values: curves.series[name] })),
          { width: 360, height: 150, xs: curves.epochs, markX: curves.bestEpoch },
        ),
      ),
    );
  if (curves.bestEpoch != null)
    panel.append(h('p', { class: 'muted' }, `Dashed line: restored best epoch ${curves.bestEpoch}.`));
  return panel;
}
