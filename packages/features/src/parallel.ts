import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildCategory, type CategoryBuildResult } from './node/buildCategory.js';
import { shareArray, shareContext } from './node/shareContext.js';
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
  /** Worker threads (default: available cores, at most one per category); 1 builds in this thread. */
  readonly concurrency?: number;
}

/** Path of a category's file in the interim directory: `<outDir>/<name>.parquet`. */
export function categoryPath(outDir: string, name: string): string {
  return join(outDir, `${name}.parquet`);
}

// In the sources (tests, tsx) this file is parallel.ts and the worker is categoryWorker.ts, run through
// tsx with the `source` export condition; in the build both are .js files side by side in dist/.
const fromSources = import.meta.url.endsWith('.ts');

/**
 * How to start a worker. From the build: dist/categoryWorker.js directly. From the sources: an eval'd
 * bootstrap that registers tsx's loader in the worker, then imports categoryWorker.ts (a loader given
 * with --import does not apply to a worker's own entry module on Node 20).
 */
function workerSpec(): { entry: string | URL; eval: boolean; execArgv: string[] } {
  if (!fromSources)
    return { entry: new URL('./categoryWorker.js', import.meta.url), eval: false, execArgv: [] };
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const worker = new URL('./categoryWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return { entry: bootstrap, eval: true, execArgv: ['--conditions=source'] };
}

/**
 * Builds every category (DESIGN section 5) into `<outDir>/<name>.parquet`, independently and in
 * parallel: a pool of worker threads bounded by the core count, sharing the log and context through
 * SharedArrayBuffers; each worker takes the next category when it finishes one. Rejects with the failing
 * category's error (files already written stay complete: each write is atomic).
 */
export async function buildAllCategories(options: BuildAllOptions): Promise<CategoryBuildResult[]> {
  const names = [...(options.categories ?? CATEGORY_NAMES)];
  for (const name of names) getCategory(name);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), names.length));
  if (concurrency === 1) {
    return names.map((name) => buildCategory(name, options, categoryPath(options.outDir, name)));
  }
  const context = shareContext(options.context);
  const rows = shareArray(options.rows);
  const spec = workerSpec();
  const results = new Map<string, CategoryBuildResult>();
  const workers: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const dispatch = (worker: Worker) => {
        if (next >= names.length) {
          if (running === 0) resolve();
          return;
        }
        const name = names[next++];
        running++;
        worker.postMessage({ name, path: categoryPath(options.outDir, name) });
      };
      for (let w = 0; w < concurrency; w++) {
        const worker = new Worker(spec.entry, {
          eval: spec.eval,
          workerData: { context, rows },
          execArgv: spec.execArgv,
        });
        workers.push(worker);
        worker.on(
          'message',
          (m: { ok: true; result: CategoryBuildResult } | { ok: false; name: string; error: string }) => {
            running--;
            if (!m.ok) {
              reject(new Error(`feature category ${m.name} failed in a worker: ${m.error}`));
              return;
            }
            results.set(m.result.name, m.result);
            dispatch(worker);
          },
        );
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`feature worker exited with code ${code}`));
        });
        dispatch(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return names.map((name) => results.get(name) as CategoryBuildResult);
}
