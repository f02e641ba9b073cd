/** A tiny SVG line chart: enough for training curves, no chart library. */

export interface ChartSeries {
  readonly name: string;
  readonly values: readonly number[];
}

export interface ChartOptions {
  readonly width: number;
  readonly height: number;
  readonly xs: readonly number[];
  /** Vertical marker (e.g. the restored best epoch). */
  readonly markX?: number | null;
}

const PALETTE = ['#c2185b', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f'];
const MARGIN = { left: 44, right: 8, top: 8, bottom: 22 };

/** Extent of the finite values of every series; [0, 1] when there are none. */
export function extent(series: readonly ChartSeries[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series)
    for (const v of s.values)
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  if (lo > hi) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/**
 * The SVG path of one series: `M x y L x y ...`, restarting with `M` after a missing (NaN) value so gaps
 * stay gaps instead of being bridged.
 */
export function linePath(
  values: readonly number[],
  xs: readonly number[],
  x: (v: number) => number,
  y: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(xs[i]).toFixed(1)} ${y(values[i]).toFixed(1)}`;
    pen = true;
  }
  return d;
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Renders series sharing one y axis as an SVG string with axes labels and a legend. */
export function lineChartSvg(series: readonly ChartSeries[], options: ChartOptions): string {
  const { width, height, xs } = options;
  const [lo, hi] = extent(series);
  const x0 = xs.length ? xs[0] : 0;
  const x1 = xs.length > 1 ? xs[xs.length - 1] : x0 + 1;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (v: number) => MARGIN.left + ((v - x0) / (x1 - x0)) * plotW;
  const y = (v: number) => MARGIN.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ddd"/>`,
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + 8}" text-anchor="end" font-size="10">${formatTick(hi)}</text>`,
    `<text x="${MARGIN.left - 4}" y="${MARGIN.top + plotH}" text-anchor="end" font-size="10">${formatTick(lo)}</text>`,
    `<text x="${MARGIN.left}" y="${height - 6}" font-size="10">epoch ${x0}</text>`,
    `<text x="${width - MARGIN.right}" y="${height - 6}" text-anchor="end" font-size="10">${x1}</text>`,
  ];
  if (options.markX != null && Number.isFinite(options.markX)) {
    const mx = x(options.markX).toFixed(1);
    parts.push(
      `<line x1="${mx}" x2="${mx}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#999" stroke-dasharray="3 3"/>`,
    );
  }
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    parts.push(
      `<path d="${linePath(s.values, xs, x, y)}" fill="none" stroke="${color}" stroke-width="1.6"><title>${escapeXml(s.name)}</title></path>`,
      `<text x="${width - MARGIN.right - 6}" y="${MARGIN.top + 12 + i * 12}" text-anchor="end" font-size="10" fill="${color}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e4) ? v.toExponential(1) : v.toFixed(3);
}
