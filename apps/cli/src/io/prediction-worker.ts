/**
 * Worker thread that writes predictions.parquet and top10.parquet for PredictionWriter (encoding and
 * compressing the row groups is the slow part of predict; here it overlaps the scoring of the next chunk).
 * Protocol: workerData `PredictionWorkerData`; messages in `PredictionWorkerRequest`, out `PredictionWorkerReply`
 * (one reply per request, in order).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type PredictionParquetPaths, PredictionParquetWriter, type ScoredRows } from './prediction-files.js';

export interface PredictionWorkerData {
  paths: PredictionParquetPaths;
  userIds: string[];
  postIds: string[];
  topK: number;
}

export type PredictionWorkerRequest =
  | { type: 'write'; rows: ScoredRows }
  | { type: 'close' }
  | { type: 'abort' };

export type PredictionWorkerReply = { type: 'ok' } | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  const data = workerData as PredictionWorkerData;
  let writer: PredictionParquetWriter | null = null;
  let failed = false;
  const fail = (error: unknown) => {
    failed = true;
    try {
      writer?.abort();
    } catch {
      // the temp files are removed by the main thread as well
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    port.postMessage({ type: 'error', message } satisfies PredictionWorkerReply);
  };
  try {
    writer = new PredictionParquetWriter(data.paths, data.userIds, data.postIds, data.topK);
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
        port.postMessage({ type: 'ok' } satisfies PredictionWorkerReply);
        port.close();
        return;
      }
      port.postMessage({ type: 'ok' } satisfies PredictionWorkerReply);
    } catch (error) {
      fail(error);
    }
  });
}
