/**
 * @wemoms/charts: the project's one plotting library, Vega-Lite. Charts are plain Vega-Lite specs with
 * inline data; `renderSvg` draws them in Node (offline HTML reports) and in the browser (the demo).
 */
export { type ChartSpec, renderSvg } from './renderSvg.js';
