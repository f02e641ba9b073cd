import { renderSvg, trainingCurvesCharts } from '@wemoms/charts';
import type { TrainingCurves } from '../../lib/history.js';
import { h, svg } from '../dom.js';

/**
 * Training curves, drawn with the Vega-Lite specs of @wemoms/charts (the very charts of the CLI's
 * reports/report.html): losses on one chart, every other logged metric on its own, the restored best
 * epoch as a dashed rule. Charts are rendered asynchronously into their placeholders.
 */
export function curvesView(curves: TrainingCurves | null): HTMLElement {
  const panel = h('section', { class: 'panel', 'data-testid': 'curves' }, h('h2', {}, 'Training curves'));
  if (!curves) {
    panel.append(h('p', { class: 'muted' }, 'No history.json in the export.'));
    return panel;
  }
  const epochs = curves.epochs.map((epoch, i) => {
    const row: Record<string, number | null> = { epoch };
    for (const [name, values] of Object.entries(curves.series))
      row[name] = Number.isFinite(values[i]) ? values[i] : null;
    return row;
  });
  for (const spec of trainingCurvesCharts(epochs, { bestEpoch: curves.bestEpoch, width: 250 })) {
    const holder = h('div', { 'data-testid': 'curve-chart' });
    panel.append(holder);
    renderSvg(spec)
      .then((markup) => holder.append(svg(markup)))
      .catch((error: unknown) => holder.append(h('p', { class: 'muted' }, `chart failed: ${String(error)}`)));
  }
  return panel;
}
