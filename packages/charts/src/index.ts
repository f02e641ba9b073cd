/**
 * @wemoms/charts: the project's one plotting library, Vega-Lite. Charts are plain Vega-Lite specs with
 * inline data; `renderSvg` draws them in Node (offline HTML reports) and in the browser (the demo), and
 * `renderReportPage` lays charts and tables out as one self-contained HTML file.
 */
export { markdownTable } from './markdownTable.js';
export { type ChartSpec, renderSvg } from './renderSvg.js';
export {
  escapeHtml,
  type ReportPage,
  type ReportSection,
  type ReportTable,
  renderReportPage,
} from './reportPage.js';
