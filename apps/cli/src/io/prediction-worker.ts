/**
 * Worker thread that writes predictions.parquet, top10.parquet and the evaluation rows (with the ground
 * truth's scores) for PredictionWriter: encoding the row groups and scoring the truth overlap the
 * featurising and scoring of the next chunk.
 * Protocol: workerData `PredictionWorkerData`; messages in `PredictionWorkerRequest`, out `PredictionWorkerReply`
 * (one reply per request, in order).
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type EvaluationRowsSpec,
  type PredictionFilePaths,
  type PredictionFileSeconds,
  PredictionFiles,
  type ScoredRows,
} from './prediction-files.js';
import { serializeError, type WorkerError } from './worker-errors.js';

export interface PredictionWorkerData {
  paths: PredictionFilePaths;
  userIds: string[];
  postIds: string[];
  topK: number;
  evaluation: EvaluationRowsSpec;
}

export type PredictionWorkerRequest =
  | { type: 'write'; rows: ScoredRows }
  | { type: 'close' }
  | { type: 'abort' };

export type PredictionWorkerReply =
  | { type: 'ok'; seconds?: PredictionFileSeconds }
  | { type: 'error'; error: WorkerError };

const port = parentPort;
if (port) {
  const data = workerData as PredictionWorkerData;
  let writer: PredictionFiles | null = null;
  let failed = false;
  const fail = (error: unknown) => {
    failed = true;
    try {
      writer?.abort();
    } catch {
      // the temp files are removed by the main thread as well
    }
    port.postMessage({ type: 'error', error: serializeError(error) } satisfies PredictionWorkerReply);
  };
  try {
    writer = new PredictionFiles(data.paths, data.userIds, data.postIds, data.topK, data.evaluation);
  } catch (error) {
    fail(error);
  }
  port.on('message', (request: PredictionWorkerRequest) => {
    if (request.type === 'abort') {
      try {
        if (!failed) writer?.abort();
      } catch {
        // the main thread removes the temp files too
      }
      failed = true;
      port.close();
      return;
    }
    if (failed || !writer) return;
    try {
      if (request.type === 'write') writer.write(request.rows);
      else {
        writer.close();
        port.postMessage({ type: 'ok', seconds: writer.seconds } satisfies PredictionWorkerReply);
        port.close();
        return;
      }
      port.postMessage({ type: 'ok' } satisfies PredictionWorkerReply);
    } catch (error) {
      fail(error);
    }
  });
}
