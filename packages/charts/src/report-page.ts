import { type ChartSpec, renderSvg } from './render-svg.js';

/** A cell with a second, smaller line under its value (e.g. a confidence interval under an estimate). */
export interface ReportCell {
  readonly text: string;
  readonly note?: string;
}

/** A table cell as plain text (a note follows in brackets): for markdown and terminal tables. */
export function reportCellText(cell: string | number | null | ReportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return cell.note ? `${cell.text} (${cell.note})` : cell.text;
  return String(cell);
}

/** A table of a report: header cells and rows of already formatted values. */
export interface ReportTable {
  readonly caption?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null | ReportCell)[])[];
}

/** A chart already rendered by `renderSvg` (a caller that also writes it to its own file renders once). */
export interface RenderedChart {
  readonly svg: string;
}

/** One titled section: an optional paragraph, then its charts, then its tables. */
export interface ReportSection {
  readonly title: string;
  /** Plain text (escaped), shown under the title. */
  readonly text?: string;
  readonly charts?: readonly (ChartSpec | RenderedChart)[];
  readonly tables?: readonly ReportTable[];
}

export interface ReportPage {
  readonly title: string;
  /** Plain text under the title (data set, model, date...). */
  readonly subtitle?: string;
  readonly sections: readonly ReportSection[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1f2328}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
p.subtitle{color:#57606a;margin:0 0 12px}.charts{display:flex;flex-wrap:wrap;gap:16px}.chart svg{max-width:100%;height:auto}
.table-wrap{overflow-x:auto;margin:8px 0}table{border-collapse:collapse;font-variant-numeric:tabular-nums}
p.caption{color:#57606a;margin:12px 0 2px}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}thead th{background:#f6f8fa}
td .note{display:block;font-size:11px;color:#57606a}nav.toc{margin:4px 0 8px;color:#57606a}nav.toc a{margin-right:12px;color:#0969da;text-decoration:none}`;

function tableHtml(table: ReportTable): string {
  const cell = (v: string | number | null | ReportCell) => {
    if (v !== null && typeof v === 'object')
      return `${escapeHtml(v.text)}${v.note ? `<span class="note">${escapeHtml(v.note)}</span>` : ''}`;
    return escapeHtml(v === null ? '' : String(v));
  };
  const head = table.columns.map((c) => `<th>${cell(c)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`)
    .join('\n');
  // Above the table rather than a <caption>, which wraps to the width of a narrow table.
  const caption = table.caption ? `<p class="caption">${escapeHtml(table.caption)}</p>` : '';
  return `${caption}<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** True for a chart already rendered to SVG (a `RenderedChart`), false for a Vega-Lite spec. */
export function isRenderedChart(chart: ChartSpec | RenderedChart): chart is RenderedChart {
  return 'svg' in chart && typeof chart.svg === 'string';
}

/** `section` with every chart rendered to SVG (charts already rendered are kept as they are). */
export async function renderSectionCharts(section: ReportSection): Promise<ReportSection> {
  if (!section.charts?.length) return section;
  const charts = await Promise.all(
    section.charts.map(
      async (chart): Promise<RenderedChart> =>
        isRenderedChart(chart) ? { svg: chart.svg } : { svg: await renderSvg(chart as ChartSpec) },
    ),
  );
  return { ...section, charts };
}

/**
 * One self-contained HTML page (inline CSS, charts pre-rendered to inline SVG, no script, no network): it
 * opens offline in any browser and can be attached to a ticket as a single file.
 */
export async function renderReportPage(page: ReportPage): Promise<string> {
  const sections: string[] = [];
  const anchor = (i: number) => `section-${i + 1}`;
  for (const [i, section] of page.sections.entries()) {
    const charts = ((await renderSectionCharts(section)).charts ?? []).map((c) => (c as RenderedChart).svg);
    sections.push(
      [
        `<section id="${anchor(i)}"><h2>${escapeHtml(section.title)}</h2>`,
        section.text ? `<p>${escapeHtml(section.text)}</p>` : '',
        charts.length
          ? `<div class="charts">${charts.map((svg) => `<div class="chart">${svg}</div>`).join('')}</div>`
          : '',
        ...(section.tables ?? []).map(tableHtml),
        '</section>',
      ].join('\n'),
    );
  }
  // A table of contents once the page has more than a screenful of sections.
  const toc =
    page.sections.length > 3
      ? `<nav class="toc">${page.sections.map((s, i) => `<a href="#${anchor(i)}">${escapeHtml(s.title)}</a>`).join('')}</nav>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(page.title)}</h1>${page.subtitle ? `<p class="subtitle">${escapeHtml(page.subtitle)}</p>` : ''}
${toc}
${sections.join('\n')}
</body></html>
`;
}
