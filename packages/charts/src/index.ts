/**
 * @wemoms/charts: the project's one plotting library, Vega-Lite. Charts are plain Vega-Lite specs with
 * inline data; `renderSvg` draws them in Node (offline HTML reports) and in the browser (the demo), and
 * `renderReportPage` lays charts and tables out as one self-contained HTML file.
 */

export {
  type BarChartOptions,
  barChart,
  type Channel,
  type ChartFrame,
  type ChartRow,
  colorScale,
  type FieldType,
  type HeatmapOptions,
  heatmapChart,
  type IntervalChartOptions,
  intervalChart,
  type LineChartOptions,
  lineChart,
  RANKER_COLORS,
} from './builders.js';
export { markdownTable } from './markdown-table.js';
export {
  type CalibrationRow,
  calibrationChart,
  type EpochRow,
  type ImportanceRow,
  type IntervalRow,
  importanceChart,
  metricIntervalsChart,
  type RankCurveRow,
  rankCurveChart,
  trainingCurvesCharts,
} from './ranking-charts.js';
export { type ChartSpec, renderSvg } from './render-svg.js';
export {
  escapeHtml,
  isRenderedChart,
  type RenderedChart,
  type ReportCell,
  type ReportPage,
  type ReportSection,
  type ReportTable,
  renderReportPage,
  renderSectionCharts,
  reportCellText,
} from './report-page.js';
