import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A chart: a Vega-Lite spec with its data inlined (`data: {values: [...]}`), so it renders anywhere. */
export type ChartSpec = TopLevelSpec;

/**
 * Renders a Vega-Lite spec to a standalone SVG string with Vega's headless view (no DOM, no canvas), so
 * Node writes charts into offline reports and the browser draws the very same specs.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
