import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { featureBatch } from './batch.js';
import { queriesFromRows } from './featurize.js';
import { buildCategory, type CategoryBuildResult } from './node/build-category.js';
import { categoryTasks, stopTasks, takeTask } from './node/category-tasks.js';
import { shareArray } from './node/share-context.js';
import { contextForWorkers } from './node/worker-context.js';
import { workerEntry } from './node/worker-entry.js';
import { CATEGORY_NAMES, getCategory } from './registry.js';
import type { FeatureContext } from './types.js';

export interface BuildAllOptions {
  readonly context: FeatureContext;
  /** Log rows to featurise (train + eval rows). */
  readonly rows: Int32Array;
  /** Directory of the per-category files (data/interim). */
  readonly outDir: string;
  /** Categories to build (default all). */
  readonly categories?: readonly string[];
  /**
   * Threads building at once, this one included, at most one per category (default: available cores
   * minus one, see defaultLanes); 1 builds in this thread only.
   */
  readonly concurrency?: number;
}

/** Path of a category's file in the interim directory: `<outDir>/<name>.parquet`. */
export function categoryPath(outDir: string, name: string): string {
  return join(outDir, `${name}.parquet`);
}

/**
 * One lane per core but one. A worker lane costs a copy of the context into shared memory (~1 CPU-s
 * at 1M raw rows), a fresh heap and its own key indexes: on 2 cores shared with other work, two lanes
 * took ~2.5 CPU-s more and longer wall time than this thread alone for a ~3.7 CPU-s build.
 */
function defaultLanes(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Categories by expected cost, biggest first (output columns: compute and write both scale with them). */
function biggestFirst(names: readonly string[]): string[] {
  const weight = (name: string) => getCategory(name).outputs.length;
  return names
    .map((name, i) => ({ name, i }))
    .sort((a, b) => weight(b.name) - weight(a.name) || a.i - b.i)
    .map((t) => t.name);
}

type WorkerMessage =
  | { ok: true; result: CategoryBuildResult }
  | { ok: false; name: string; error: string }
  | { done: true };

/**
 * Builds every category (DESIGN section 5) into `<outDir>/<name>.parquet`, independently and in
 * parallel: this thread and `concurrency - 1` worker threads (default: one lane per core but one, at
 * most one per category) take the categories biggest first from one shared queue. Workers see the context
 * through SharedArrayBuffers (copied once per context, see shareContext) without the id dictionaries'
 * strings. Rejects with the first failing category's error once every thread has stopped (files already
 * written stay complete: each write is atomic). Results come in the order of `categories`.
 */
export async function buildAllCategories(options: BuildAllOptions): Promise<CategoryBuildResult[]> {
  const names = [...(options.categories ?? CATEGORY_NAMES)];
  for (const name of names) getCategory(name);
  const lanes = Math.max(1, Math.min(options.concurrency ?? defaultLanes(), names.length));
  // One batch per thread: its categories share the as-of rows kept in its memo.
  const input = () => ({
    ...options,
    batch: featureBatch(queriesFromRows(options.context.log, options.rows)),
  });
  if (lanes === 1) {
    const own = input();
    return names.map((name) => buildCategory(name, own, categoryPath(options.outDir, name)));
  }
  const order = biggestFirst(names);
  const tasks = categoryTasks(
    order,
    order.map((name) => categoryPath(options.outDir, name)),
  );
  const workerData = { shared: contextForWorkers(options.context), rows: shareArray(options.rows), tasks };
  // dist/category-worker.js beside the build, category-worker.ts through tsx from the sources.
  const spec = workerEntry(import.meta.url, 'category-worker');
  const results = new Map<string, CategoryBuildResult>();
  const failures: Error[] = [];
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let w = 1; w < lanes; w++) {
    const worker = new Worker(spec.entry, { eval: spec.eval, workerData, execArgv: spec.execArgv });
    workers.push(worker);
    finished.push(
      new Promise<void>((resolve) => {
        let settled = false;
        const settle = (error?: Error) => {
          if (settled) return;
          settled = true;
          if (error !== undefined) {
            stopTasks(tasks);
            failures.push(error);
          }
          resolve();
        };
        worker.on('message', (m: WorkerMessage) => {
          if ('done' in m) settle();
          else if (m.ok) results.set(m.result.name, m.result);
          else failures.push(new Error(`feature category ${m.name} failed in a worker: ${m.error}`));
        });
        worker.on('error', settle);
        worker.on('exit', (code) => settle(new Error(`feature worker exited with code ${code}`)));
      }),
    );
  }
  try {
    // This thread is a lane too: it starts at once, while the workers boot.
    const own = input();
    for (let task = takeTask(tasks); task !== null; task = takeTask(tasks)) {
      results.set(task.name, buildCategory(task.name, own, task.path));
    }
  } catch (error) {
    stopTasks(tasks);
    failures.unshift(error as Error);
  }
  await Promise.all(finished);
  await Promise.all(workers.map((w) => w.terminate()));
  if (failures.length > 0) throw failures[0];
  return names.map((name) => results.get(name) as CategoryBuildResult);
}
