// Worker thread of buildAllCategories: receives the shared context once, then builds the categories the
// parent sends, one message each. Node-only; loaded by parallel.ts, never imported by the index.
import { parentPort, workerData } from 'node:worker_threads';
import { buildCategory } from './node/buildCategory.js';
import type { FeatureContext } from './types.js';

interface WorkerInput {
  readonly context: FeatureContext;
  readonly rows: Int32Array;
}

const input = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error('categoryWorker must run in a worker thread');
port.on('message', (message: { name: string; path: string }) => {
  try {
    port.postMessage({ ok: true, result: buildCategory(message.name, input, message.path) });
  } catch (error) {
    port.postMessage({ ok: false, name: message.name, error: (error as Error).stack ?? String(error) });
  }
});
