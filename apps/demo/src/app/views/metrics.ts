import { EXPOSURE_BIASED_GROUPINGS, exposureCaveat } from '@wemoms/metrics';
import { extractMetricRows, METRIC_KEYS, rowsForDay } from '../../lib/metricsRows.js';
import { h } from '../dom.js';

const fmt = (v: number | undefined) =>
  v === undefined ? '' : Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4)) : '–';

/** MAP@10 and the other metrics of the loaded day, the model beside its baselines, from metrics.json. */
export function metricsView(json: unknown | null, date: string): HTMLElement {
  const panel = h('section', { class: 'panel', 'data-testid': 'metrics' }, h('h2', {}, 'Offline metrics'));
  if (json === null) {
    panel.append(
      h('p', { class: 'muted' }, "No metrics.json in the export (run the pipeline's evaluate stage)."),
    );
    return panel;
  }
  const { rows, perDay } = rowsForDay(extractMetricRows(json), date);
  panel.append(
    h(
      'p',
      { class: 'muted' },
      perDay ? `Test day ${date}.` : 'All test days (the report has no per-day breakdown).',
    ),
  );
  if (rows.length === 0) {
    panel.append(h('p', {}, 'metrics.json holds no metric rows.'));
    return panel;
  }
  const keys = METRIC_KEYS.filter((k) => rows.some((r) => k in r.values));
  const table = h('table', { class: 'metrics' });
  table.append(h('tr', {}, h('th', {}, ''), ...keys.map((k) => h('th', {}, k))));
  for (const row of rows) {
    const label = row.path.join(' / ') || 'overall';
    const isModel = !/random|popular|oracle|baseline/i.test(label);
    table.append(
      h(
        'tr',
        { class: isModel ? 'model-row' : 'baseline-row' },
        h('th', {}, label),
        ...keys.map((k) => h('td', {}, fmt(row.values[k]))),
      ),
    );
  }
  panel.append(
    h('div', { class: 'scroll' }, table),
    h('p', { class: 'muted' }, `${[...EXPOSURE_BIASED_GROUPINGS].join(', ')}: ${exposureCaveat(10)}`),
  );
  return panel;
}
