/**
 * Generic chart builders: plain Vega-Lite specs from rows of plain values (the data is inlined, so a spec
 * renders anywhere: `renderSvg` in Node for the offline reports, the same call in the browser demo).
 * Ranker series keep one colour everywhere (model, popularity, random, oracle, then the others).
 */
import type { ChartSpec } from './render-svg.js';

/** A row of a chart's data: field name -> number, string or null (null = missing, not drawn). */
export type ChartRow = Readonly<Record<string, number | string | null>>;

export type FieldType = 'quantitative' | 'ordinal' | 'nominal' | 'temporal';

/** One axis (or the colour) of a chart: which field, its title, its type and scale. */
export interface Channel {
  readonly field: string;
  /** Axis or legend title (default: the field name); null for none. */
  readonly title?: string | null;
  /** Default: quantitative for x / y, nominal for colour. */
  readonly type?: FieldType;
  /** Log scale (long-tailed counts). */
  readonly log?: boolean;
  /** Fixed domain, e.g. [0, 1] for probabilities. */
  readonly domain?: readonly [number, number];
  /** Number format of the axis labels (d3-format), e.g. `.0%`. */
  readonly format?: string;
  /** Category order (ordinal / nominal axes); default: as they first appear. */
  readonly order?: readonly string[];
}

export interface ChartFrame {
  readonly title?: string;
  /** Plot size in pixels (default 360 x 220). */
  readonly width?: number;
  readonly height?: number;
}

/** The colours of the rankers, fixed so that a ranker looks the same on every chart of every report. */
export const RANKER_COLORS: Readonly<Record<string, string>> = {
  model: '#c2185b',
  popularity: '#1565c0',
  random: '#9e9e9e',
  oracle: '#2e7d32',
};
const OTHER_COLORS = ['#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#ad1457', '#283593'];

/** A colour scale for `values`: the rankers' fixed colours first, the next palette entries for the rest. */
export function colorScale(values: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...new Set(values)];
  let other = 0;
  const range = domain.map((v) => RANKER_COLORS[v] ?? OTHER_COLORS[other++ % OTHER_COLORS.length]);
  return { domain, range };
}

/** Values of `field` in first-appearance order. */
function distinct(rows: readonly ChartRow[], field: string): string[] {
  return [...new Set(rows.map((r) => String(r[field])))];
}

/** Keeps finite numbers and strings; NaN and infinities become null (JSON and Vega drop them). */
function clean(rows: readonly ChartRow[]): ChartRow[] {
  return rows.map((row) => {
    const out: Record<string, number | string | null> = {};
    for (const [k, v] of Object.entries(row))
      out[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    return out;
  });
}

function encodeChannel(channel: Channel, fallback: FieldType, rows: readonly ChartRow[]) {
  const type = channel.type ?? fallback;
  const scale: Record<string, unknown> = {};
  if (channel.log) scale.type = 'log';
  if (channel.domain) scale.domain = [...channel.domain];
  // Log scales have no zero (Vega-Lite warns when told to drop it).
  if (channel.domain && !channel.log) scale.zero = false;
  const title = channel.title === undefined ? channel.field : channel.title;
  const encoding: Record<string, unknown> = { field: channel.field, type, title };
  if (Object.keys(scale).length) encoding.scale = scale;
  if (channel.format) encoding.axis = { format: channel.format };
  if (type === 'ordinal' || type === 'nominal')
    encoding.sort = channel.order ?? distinct(rows, channel.field);
  return encoding;
}

function colorEncoding(color: Channel | undefined, rows: readonly ChartRow[], legend = true) {
  if (!color) return {};
  const order = color.order ? [...color.order] : distinct(rows, color.field);
  return {
    color: {
      field: color.field,
      type: color.type ?? 'nominal',
      title: color.title === undefined ? color.field : color.title,
      scale: colorScale(order),
      sort: order,
      ...(legend ? {} : { legend: null }),
    },
  };
}

function frame(options: ChartFrame) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 360,
    height: options.height ?? 220,
    config: { font: 'system-ui, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 } },
  };
}

export interface LineChartOptions extends ChartFrame {
  readonly x: Channel;
  readonly y: Channel;
  /** One line per value of this field. */
  readonly color?: Channel;
  /** Draw a point at each value (default: when there are at most 40 x values). */
  readonly points?: boolean;
  /** Vertical dashed rules at these x values, with a label (e.g. the restored best epoch). */
  readonly rules?: readonly { readonly x: number | string; readonly label: string }[];
  /** The y = x diagonal (reliability plots). */
  readonly diagonal?: boolean;
}

/** Lines of `y` against `x`, one per `color` value; missing values (null, NaN) leave gaps. */
export function lineChart(rows: readonly ChartRow[], options: LineChartOptions): ChartSpec {
  const values = clean(rows);
  const points = options.points ?? distinct(values, options.x.field).length <= 40;
  const x = encodeChannel(options.x, 'quantitative', values);
  const y = encodeChannel(options.y, 'quantitative', values);
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'line', point: points, strokeWidth: 2 },
      encoding: {
        x,
        y,
        ...colorEncoding(options.color, values),
        tooltip: [
          { field: options.x.field, type: x.type },
          { field: options.y.field, type: 'quantitative', format: '.4~g' },
          ...(options.color ? [{ field: options.color.field, type: 'nominal' }] : []),
        ],
      },
    },
  ];
  if (options.rules?.length) {
    layers.push({
      data: { values: options.rules.map((r) => ({ [options.x.field]: r.x, label: r.label })) },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#777' },
      encoding: { x: { field: options.x.field, type: x.type } },
    });
    layers.push({
      data: { values: options.rules.map((r) => ({ [options.x.field]: r.x, label: r.label })) },
      mark: { type: 'text', align: 'left', dx: 4, dy: -4, baseline: 'bottom', color: '#555', fontSize: 10 },
      encoding: { x: { field: options.x.field, type: x.type }, y: { value: 0 }, text: { field: 'label' } },
    });
  }
  if (options.diagonal) {
    layers.unshift({
      data: {
        values: [
          { [options.x.field]: 0, [options.y.field]: 0 },
          { [options.x.field]: 1, [options.y.field]: 1 },
        ],
      },
      mark: { type: 'line', strokeDash: [4, 4], color: '#999', strokeWidth: 1 },
      encoding: {
        x: { field: options.x.field, type: 'quantitative' },
        y: { field: options.y.field, type: 'quantitative' },
      },
    });
  }
  return { ...frame(options), data: { values }, layer: layers } as unknown as ChartSpec;
}

export interface BarChartOptions extends ChartFrame {
  /** The category axis. */
  readonly category: Channel;
  /** The value axis. */
  readonly value: Channel;
  /** Side by side bars per value of this field (e.g. ranker). */
  readonly color?: Channel;
  /**
   * With `color`: bars of the colour values side by side in each category (default), or false when the
   * colour is a property of the category itself (one bar per category, e.g. a day's split period).
   */
  readonly grouped?: boolean;
  /** Horizontal bars (categories on y): long labels, many categories. */
  readonly horizontal?: boolean;
  /** Fields of an interval drawn over each bar (e.g. a confidence interval). */
  readonly interval?: { readonly low: string; readonly high: string };
  /** Sort categories by value, largest first (default: the category channel's order). */
  readonly sortByValue?: boolean;
}

/** Bars of `value` per `category` (grouped by `color`), with an optional interval over each bar. */
export function barChart(rows: readonly ChartRow[], options: BarChartOptions): ChartSpec {
  const values = clean(rows);
  const category = encodeChannel(options.category, 'nominal', values);
  if (options.sortByValue) category.sort = { field: options.value.field, order: 'descending' } as never;
  const value = encodeChannel(options.value, 'quantitative', values);
  const [c, v] = options.horizontal ? ['y', 'x'] : ['x', 'y'];
  const offset =
    options.color && options.grouped !== false
      ? { [`${c}Offset`]: { field: options.color.field, sort: distinct(values, options.color.field) } }
      : {};
  const tooltip = [
    { field: options.category.field, type: category.type },
    { field: options.value.field, type: 'quantitative', format: '.4~g' },
    ...(options.color ? [{ field: options.color.field, type: 'nominal' }] : []),
    ...(options.interval
      ? [
          { field: options.interval.low, type: 'quantitative', format: '.4~g' },
          { field: options.interval.high, type: 'quantitative', format: '.4~g' },
        ]
      : []),
  ];
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'bar', ...(options.color ? {} : { color: RANKER_COLORS.model }) },
      encoding: { [c]: category, [v]: value, ...offset, ...colorEncoding(options.color, values), tooltip },
    },
  ];
  if (options.interval) {
    layers.push({
      mark: { type: 'rule', color: '#333' },
      encoding: {
        [c]: category,
        ...offset,
        [v]: { field: options.interval.low, type: 'quantitative' },
        [`${v}2`]: { field: options.interval.high },
      },
    });
  }
  return { ...frame(options), data: { values }, layer: layers } as unknown as ChartSpec;
}

export interface IntervalChartOptions extends ChartFrame {
  /** The axis of the labels (e.g. ranker); one row of the chart per value. */
  readonly label: Channel;
  /** Point estimate and interval fields. */
  readonly estimate: Channel;
  readonly low: string;
  readonly high: string;
  /** Colour field (default: the label); no legend, the labels already name the rows. */
  readonly color?: Channel;
  /** A vertical reference line (e.g. 0 for differences). */
  readonly reference?: number;
}

/** A point and its interval per label, horizontally (forest plot): estimates with confidence intervals. */
export function intervalChart(rows: readonly ChartRow[], options: IntervalChartOptions): ChartSpec {
  const values = clean(rows);
  const label = encodeChannel(options.label, 'nominal', values);
  const estimate = encodeChannel(options.estimate, 'quantitative', values);
  estimate.scale = { ...((estimate.scale as object) ?? {}), zero: false };
  const color = colorEncoding(options.color ?? options.label, values, false);
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: {
        y: label,
        x: { field: options.low, type: 'quantitative', title: estimate.title, scale: estimate.scale },
        x2: { field: options.high },
        ...color,
      },
    },
    {
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        y: label,
        x: estimate,
        ...color,
        tooltip: [
          { field: options.label.field, type: 'nominal' },
          { field: options.estimate.field, type: 'quantitative', format: '.4f' },
          { field: options.low, type: 'quantitative', format: '.4f' },
          { field: options.high, type: 'quantitative', format: '.4f' },
        ],
      },
    },
  ];
  if (options.reference !== undefined) {
    layers.unshift({
      data: { values: [{ reference: options.reference }] },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#777' },
      encoding: { x: { field: 'reference', type: 'quantitative' } },
    });
  }
  const height = options.height ?? Math.max(60, 26 * distinct(values, options.label.field).length);
  const width = options.width ?? 260;
  return { ...frame({ ...options, height, width }), data: { values }, layer: layers } as unknown as ChartSpec;
}

export interface HeatmapOptions extends ChartFrame {
  readonly x: Channel;
  readonly y: Channel;
  /** The cell colour (a rate, a count). */
  readonly value: Channel;
  /** Print the value in each cell with this d3 format (default `.1%`); null for none. */
  readonly label?: string | null;
}

/** A grid of `value` over two categories (e.g. open rate of viewer stage x author stage). */
export function heatmapChart(rows: readonly ChartRow[], options: HeatmapOptions): ChartSpec {
  const values = clean(rows);
  const x = encodeChannel(options.x, 'nominal', values);
  const y = encodeChannel(options.y, 'nominal', values);
  const value = { ...encodeChannel(options.value, 'quantitative', values), scale: { scheme: 'blues' } };
  const label = options.label === undefined ? '.1%' : options.label;
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'rect' },
      encoding: {
        x,
        y,
        color: value,
        tooltip: [
          { field: options.x.field, type: 'nominal' },
          { field: options.y.field, type: 'nominal' },
          { field: options.value.field, type: 'quantitative', format: '.4~g' },
        ],
      },
    },
  ];
  if (label !== null)
    layers.push({
      mark: { type: 'text', fontSize: 11 },
      encoding: {
        x,
        y,
        text: { field: options.value.field, type: 'quantitative', format: label },
        color: { value: '#1f2328' },
      },
    });
  const width = options.width ?? Math.max(120, 70 * distinct(values, options.x.field).length);
  const height = options.height ?? Math.max(80, 32 * distinct(values, options.y.field).length);
  return { ...frame({ ...options, width, height }), data: { values }, layer: layers } as unknown as ChartSpec;
}
