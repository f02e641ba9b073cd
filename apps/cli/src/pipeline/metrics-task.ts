/**
 * `evaluate`'s metrics on both cores: the largest grouping of the evaluation rows is read and scored in a
 * worker thread (metrics-worker.ts) while the main thread does the others. Each thread reads only its own
 * groupings' bytes; the results are those of one thread, bit for bit (the same functions on the same rows).
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '@wemoms/features/node';
import type { GroupingName } from '@wemoms/metrics';
import type { EvaluationRowsGrouping } from '../io/evaluation-rows.js';
import { deserializeError } from '../io/worker-errors.js';
import { CliError } from '../runtime/errors.js';
import type { MetricsJob, MetricsReply } from './metrics-worker.js';

/**
 * Below this many candidates in all, a worker thread costs more (its start, a second module load) than
 * it saves: every grouping stays in the main thread.
 */
export const METRICS_WORKER_MIN_ROWS = 500_000;

/**
 * The row count from which evaluate uses the worker: `WEMOMS_METRICS_WORKER_MIN_ROWS` when set (0: whenever
 * there are two groupings; a large value: never), else METRICS_WORKER_MIN_ROWS.
 */
export function metricsWorkerMinRows(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WEMOMS_METRICS_WORKER_MIN_ROWS;
  if (raw === undefined || raw === '') return METRICS_WORKER_MIN_ROWS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new CliError(`WEMOMS_METRICS_WORKER_MIN_ROWS: expected a non-negative integer, got "${raw}"`);
  return value;
}

/**
 * The groupings to hand to the worker: the one with the most rows, when there are two groupings or more
 * and at least `minRows` rows in all; otherwise none.
 */
export function offloadedGroupings(
  groupings: readonly EvaluationRowsGrouping[],
  minRows = metricsWorkerMinRows(),
): GroupingName[] {
  const total = groupings.reduce((s, g) => s + g.rows, 0);
  if (groupings.length < 2 || total < minRows) return [];
  const largest = groupings.reduce((a, b) => (b.rows > a.rows ? b : a));
  return [largest.grouping as GroupingName];
}

/** Starts computing `job` in a worker thread; resolves to its reply, rejects with the worker's error. */
export function startMetricsWorker(job: MetricsJob): Promise<Extract<MetricsReply, { type: 'done' }>> {
  const spec = workerEntry(import.meta.url, 'metrics-worker');
  const worker = new Worker(spec.entry, { eval: spec.eval, execArgv: spec.execArgv, workerData: job });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.on('message', (reply: MetricsReply) =>
      settle(() => (reply.type === 'error' ? reject(deserializeError(reply.error)) : resolve(reply))),
    );
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the metrics worker exited with code ${code} before replying`))),
    );
  });
}
