/**
 * Turns a pipeline `metrics.json` into table rows without hard-coding its nesting: any object that holds
 * known metric keys with numeric values is a row, labelled by the keys leading to it (grouping, ranker,
 * day...). The demo then keeps the rows of the loaded day when the report breaks metrics down per day.
 */
import { metricKeys } from '@wemoms/metrics';

/** The cut-off the demo shows (the pipeline's default `evaluate.k`): MAP@10, NDCG@10, CTR@10... */
export const DEMO_K = 10;

/**
 * Metric keys of @wemoms/metrics' MetricRow at k = DEMO_K, in its report order, the ground truth's
 * `simulatedCtr@k` included: named once, by metrics (`metricKeys`), never restated here.
 */
export const METRIC_KEYS: readonly string[] = metricKeys(DEMO_K, true);

export interface MetricRow {
  /** Keys from the root to this row, e.g. `['userDay', 'model']`. */
  readonly path: readonly string[];
  readonly values: Readonly<Record<string, number>>;
  /** Other scalar fields of the row (group counts, caveats...). */
  readonly fields: Readonly<Record<string, string | number>>;
}

const METRIC_SET = new Set<string>(METRIC_KEYS);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every metric row found in `json`, depth first, in key order. */
export function extractMetricRows(json: unknown): MetricRow[] {
  const rows: MetricRow[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        const label =
          child && typeof child === 'object' && !Array.isArray(child)
            ? labelOf(child as Record<string, unknown>)
            : null;
        walk(child, [...path, label ?? String(i)]);
      });
      return;
    }
    const obj = node as Record<string, unknown>;
    const values: Record<string, number> = {};
    const fields: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(obj)) {
      if (METRIC_SET.has(key) && (typeof value === 'number' || value === null))
        values[key] = value ?? Number.NaN;
      else if (typeof value === 'number' || typeof value === 'string') fields[key] = value;
    }
    if (Object.keys(values).length > 0) rows.push({ path, values, fields });
    for (const [key, value] of Object.entries(obj))
      if (value && typeof value === 'object') walk(value, [...path, key]);
  };
  walk(json, []);
  return rows;
}

/** A readable name for an array element (`{name: 'random', ...}` -> 'random'). */
function labelOf(obj: Record<string, unknown>): string | null {
  for (const key of ['ranker', 'name', 'model', 'baseline', 'grouping', 'day', 'date'])
    if (typeof obj[key] === 'string') return obj[key] as string;
  return null;
}

/**
 * The rows describing `date`: when some row paths name a day, the rows of that day (the day removed from
 * their path); otherwise every row whose path names no day (the report covers all test days at once).
 */
export function rowsForDay(rows: readonly MetricRow[], date: string): { rows: MetricRow[]; perDay: boolean } {
  const dayOf = (r: MetricRow) =>
    r.path.find((p) => DAY.test(p)) ??
    (typeof r.fields.day === 'string'
      ? r.fields.day
      : typeof r.fields.date === 'string'
        ? r.fields.date
        : null);
  const ofDay = rows.filter((r) => dayOf(r) === date);
  if (ofDay.length > 0)
    return { rows: ofDay.map((r) => ({ ...r, path: r.path.filter((p) => p !== date) })), perDay: true };
  return { rows: rows.filter((r) => dayOf(r) === null), perDay: false };
}
