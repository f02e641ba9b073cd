import { EXPOSURE_BIASED_GROUPINGS, exposureCaveat } from '@wemoms/metrics';
import {
  DEMO_K,
  extractMetricRows,
  METRIC_KEYS,
  type MetricRow,
  rowsForDay,
} from '../../lib/metrics-rows.js';
import { h } from '../dom.js';

const fmt = (v: number | undefined) =>
  v === undefined ? '' : Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4)) : 'n/a';

/** Grouping and ranker of a row: the last two keys of its path (`groupings / userDay / model`). */
function labels(row: MetricRow): [string, string] {
  const path = row.path.filter((p) => p !== 'groupings');
  return [path.length > 1 ? path[path.length - 2] : '', path[path.length - 1] ?? 'overall'];
}

function table(rows: readonly MetricRow[]): HTMLElement {
  const keys = METRIC_KEYS.filter((k) => rows.some((r) => k in r.values));
  const t = h(
    'table',
    { class: 'metrics' },
    h('tr', {}, h('th', {}, 'grouping'), h('th', {}, 'ranker'), ...keys.map((k) => h('th', {}, k))),
  );
  let previous = '';
  for (const row of rows) {
    const [grouping, ranker] = labels(row);
    const biased = EXPOSURE_BIASED_GROUPINGS.has(grouping as never);
    t.append(
      h(
        'tr',
        {
          class: `${ranker === 'model' ? 'model-row' : 'baseline-row'}${grouping !== previous ? ' first' : ''}`,
        },
        h('th', {}, grouping !== previous ? `${grouping}${biased ? ' *' : ''}` : ''),
        h('th', {}, ranker),
        ...keys.map((k) => h('td', {}, fmt(row.values[k]))),
      ),
    );
    previous = grouping;
  }
  return h('div', { class: 'scroll' }, t);
}

/**
 * MAP@10 and the other metrics, the model beside its baselines: for the loaded day (day-metrics.json,
 * computed by the export) and over all test days (the pipeline's metrics.json; its rows for the day when
 * it breaks them down per day).
 */
export function metricsView(dayReport: unknown | null, allReport: unknown | null, date: string): HTMLElement {
  const panel = h(
    'section',
    { class: 'panel metrics-panel', 'data-testid': 'metrics' },
    h('h2', {}, 'Offline metrics'),
  );
  const columns = h('div', { class: 'metrics-columns' });
  const day = dayReport === null ? [] : extractMetricRows(dayReport);
  columns.append(
    h(
      'div',
      { 'data-testid': 'metrics-day' },
      h('h3', {}, `Test day ${date}`),
      day.length > 0 ? table(day) : h('p', { class: 'muted' }, 'No metrics for this day in the export.'),
    ),
  );
  if (allReport === null) {
    columns.append(
      h('p', { class: 'muted' }, 'No reports/metrics.json in the export (run `wemoms evaluate`).'),
    );
  } else {
    const { rows, perDay } = rowsForDay(extractMetricRows(allReport), date);
    columns.append(
      h(
        'div',
        { 'data-testid': 'metrics-all' },
        h('h3', {}, perDay ? `Pipeline report, ${date}` : 'Pipeline report, all test days'),
        rows.length > 0 ? table(rows) : h('p', { class: 'muted' }, 'metrics.json holds no metric rows.'),
      ),
    );
  }
  panel.append(columns, h('p', { class: 'muted' }, `* ${exposureCaveat(DEMO_K)}`));
  return panel;
}
