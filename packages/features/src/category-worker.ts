// Worker thread of buildAllCategories: takes the next category from the shared task counter until none
// is left (the parent thread takes from the same counter), posting one message per category and a last
// `done`. Node-only; loaded by parallel.ts, never imported by the index.
import { parentPort, workerData } from 'node:worker_threads';
import { featureBatch } from './batch.js';
import { queriesFromRows } from './featurize.js';
import { buildCategory } from './node/build-category.js';
import { type CategoryTasks, stopTasks, takeTask } from './node/category-tasks.js';
import { contextInWorker, type WorkerContext } from './node/worker-context.js';

interface WorkerInput {
  readonly shared: WorkerContext;
  readonly rows: Int32Array;
  readonly tasks: CategoryTasks;
}

const port = parentPort;
if (port === null) throw new Error('categoryWorker must run in a worker thread');
const input = workerData as WorkerInput;
const context = contextInWorker(input.shared);
// One batch for every category this thread builds: they share the as-of rows kept in its memo.
const own = { context, rows: input.rows, batch: featureBatch(queriesFromRows(context.log, input.rows)) };
for (let task = takeTask(input.tasks); task !== null; task = takeTask(input.tasks)) {
  try {
    port.postMessage({
      ok: true,
      result: buildCategory(task.name, own, task.path),
    });
  } catch (error) {
    stopTasks(input.tasks);
    port.postMessage({ ok: false, name: task.name, error: (error as Error).stack ?? String(error) });
  }
}
port.postMessage({ done: true });
