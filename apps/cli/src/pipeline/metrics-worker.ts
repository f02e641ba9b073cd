/**
 * Worker thread of `evaluate`: reads some groupings of the evaluation rows (the largest one) and computes
 * their metrics (grouping-metrics.ts) while the main thread reads and scores the others.
 * Protocol: workerData `MetricsJob`; one reply, `MetricsReply`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GroupingName } from '@wemoms/metrics';
import { readEvaluationRows } from '../io/evaluation-rows.js';
import { serializeError, type WorkerError } from '../io/worker-errors.js';
import { type GroupingMetrics, groupingMetrics } from './grouping-metrics.js';

export interface MetricsJob {
  /** The evaluation-rows file. */
  readonly path: string;
  readonly groupings: readonly GroupingName[];
  readonly k: number;
  readonly seed: number;
}

/** One grouping's metrics, with its group ids in offsets order (the report's per-segment metrics read them). */
export interface WorkerGroupingMetrics {
  readonly grouping: GroupingName;
  readonly metrics: GroupingMetrics;
  readonly groupIds: Int32Array;
}

export type MetricsReply =
  | {
      readonly type: 'done';
      readonly results: readonly WorkerGroupingMetrics[];
      /** Wall seconds in the worker: reading its rows, then the metrics. */
      readonly seconds: { readonly read: number; readonly metrics: number };
    }
  | { readonly type: 'error'; readonly error: WorkerError };

/** Reads the job's groupings and computes their metrics. */
export function computeMetricsJob(job: MetricsJob): Extract<MetricsReply, { type: 'done' }> {
  let started = performance.now();
  const rows = readEvaluationRows(job.path, new Set(job.groupings));
  const read = (performance.now() - started) / 1000;
  started = performance.now();
  const results: WorkerGroupingMetrics[] = [];
  for (const grouping of job.groupings) {
    const data = rows.get(grouping);
    if (!data) continue;
    results.push({
      grouping,
      metrics: groupingMetrics(grouping, data, job.k, job.seed),
      groupIds: data.groupIds,
    });
  }
  return { type: 'done', results, seconds: { read, metrics: (performance.now() - started) / 1000 } };
}

const port = parentPort;
if (port) {
  let reply: MetricsReply;
  try {
    reply = computeMetricsJob(workerData as MetricsJob);
  } catch (error) {
    reply = { type: 'error', error: serializeError(error) };
  }
  port.postMessage(reply);
}
