/**
 * Worker thread of the evaluation report, one job per thread: `importance` measures the permutation
 * importance of the trained model and renders the importance section's charts while the main thread
 * computes the metrics and renders the rest of the report (or, in `wemoms pipeline`, while it runs
 * predict); `render` renders a share of the report's charts beside the main thread.
 * Protocol: workerData `ReportWorkerJob`; one reply, `ImportanceReply` or `RenderReply`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ChartSpec, type RenderedChart, type ReportSection, renderSvg } from '@wemoms/charts';
import type { BackendPreference } from '@wemoms/model';
import { selectBackend } from '@wemoms/model/node';
import { serializeError, type WorkerError } from '../io/worker-errors.js';
import { measureImportance } from './feature-importance.js';
import { buildImportanceSection } from './importance-section.js';

export interface ImportanceJob {
  readonly kind: 'importance';
  readonly modelDir: string;
  readonly featuresPath: string;
  readonly repeats: number;
  readonly seed: number;
  readonly backend: BackendPreference;
}

export interface RenderJob {
  readonly kind: 'render';
  readonly specs: readonly ChartSpec[];
}

export type ReportWorkerJob = ImportanceJob | RenderJob;

export type RenderReply =
  | { readonly type: 'done'; readonly svgs: readonly string[] }
  | { readonly type: 'error'; readonly error: WorkerError };

export type ImportanceReply =
  | {
      readonly type: 'done';
      /** The section, its charts rendered to SVG. */
      readonly section: ReportSection;
      /** Wall seconds in the worker: measuring, then rendering. */
      readonly seconds: { readonly measure: number; readonly render: number };
    }
  | { readonly type: 'error'; readonly error: WorkerError };

/** Measures, builds and renders the importance section of `job`. */
export async function importanceSectionOf(
  job: ImportanceJob,
): Promise<Extract<ImportanceReply, { type: 'done' }>> {
  let started = performance.now();
  await selectBackend(job.backend, { log: () => {} });
  const importance = await measureImportance(job.modelDir, job.featuresPath, {
    repeats: job.repeats,
    seed: job.seed,
  });
  const measure = (performance.now() - started) / 1000;
  started = performance.now();
  const section = buildImportanceSection(importance);
  const charts: RenderedChart[] = await Promise.all(
    (section.charts ?? []).map(async (chart) => ({ svg: await renderSvg(chart as ChartSpec) })),
  );
  return {
    type: 'done',
    section: { ...section, charts },
    seconds: { measure, render: (performance.now() - started) / 1000 },
  };
}

const port = parentPort;
if (port) {
  const job = workerData as ReportWorkerJob;
  (job.kind === 'importance'
    ? importanceSectionOf(job)
    : Promise.all(job.specs.map(renderSvg)).then((svgs): RenderReply => ({ type: 'done', svgs }))
  ).then(
    (reply) => port.postMessage(reply),
    (error) => port.postMessage({ type: 'error', error: serializeError(error) } satisfies RenderReply),
  );
}
