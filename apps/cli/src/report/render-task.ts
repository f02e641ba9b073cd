/**
 * Renders a report's charts on both cores: every other chart in a worker thread (report-worker.ts), the
 * rest in this thread, at the same time. Vega's headless rendering is CPU-bound (tens of ms a chart) and
 * the evaluation report has some thirty charts. The SVGs are the ones `renderSvg` gives in this thread.
 */

import { Worker } from 'node:worker_threads';
import {
  type ChartSpec,
  isRenderedChart,
  type RenderedChart,
  type ReportSection,
  renderSvg,
} from '@wemoms/charts';
import { workerEntry } from '@wemoms/features/node';
import { deserializeError } from '../io/worker-errors.js';
import type { RenderJob, RenderReply } from './report-worker.js';

/** Below this many charts a worker's start-up (loading vega) costs more than it saves. */
const MIN_CHARTS_FOR_WORKER = 8;

function renderInWorker(specs: readonly ChartSpec[]): Promise<readonly string[]> {
  const spec = workerEntry(import.meta.url, 'report-worker');
  const job: RenderJob = { kind: 'render', specs };
  const worker = new Worker(spec.entry, { eval: spec.eval, execArgv: spec.execArgv, workerData: job });
  return new Promise<readonly string[]>((resolve, reject) => {
    worker.on('message', (reply: RenderReply) => {
      if (reply.type === 'error') reject(deserializeError(reply.error));
      else resolve(reply.svgs);
      void worker.terminate();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the report render worker exited with code ${code}`)));
  });
}

/** `sections` with every chart rendered to SVG (charts rendered already are kept), split over two threads. */
export async function renderSectionsCharts(sections: readonly ReportSection[]): Promise<ReportSection[]> {
  const pending: ChartSpec[] = [];
  for (const section of sections)
    for (const chart of section.charts ?? []) if (!isRenderedChart(chart)) pending.push(chart);
  const mine = pending.filter((_, i) => pending.length < MIN_CHARTS_FOR_WORKER || i % 2 === 0);
  const theirs = pending.length < MIN_CHARTS_FOR_WORKER ? [] : pending.filter((_, i) => i % 2 === 1);
  const [here, there] = await Promise.all([
    Promise.all(mine.map(renderSvg)),
    theirs.length ? renderInWorker(theirs) : Promise.resolve([]),
  ]);
  const svgs = new Map<ChartSpec, string>([
    ...mine.map((chart, i) => [chart, here[i]] as const),
    ...theirs.map((chart, i) => [chart, there[i]] as const),
  ]);
  return sections.map((section) =>
    section.charts?.length
      ? {
          ...section,
          charts: section.charts.map(
            (chart): RenderedChart =>
              isRenderedChart(chart) ? { svg: chart.svg } : { svg: svgs.get(chart) as string },
          ),
        }
      : section,
  );
}
