/**
 * `wemoms build-features [--category NAME...]`: one parquet file per category with the features of every
 * train and eval row, computed as of the row's impression time from the log strictly before it.
 * Categories are independent: several in one call go through the features package's buildAllCategories
 * (in this thread on 2 cores, plus worker lanes from 3 cores), and the turbo pipeline runs one task per
 * category in parallel.
 */
import { relative } from 'node:path';
import type { RowKeyLog } from '@wemoms/data-schema/node';
import { requireFile } from '@wemoms/data-schema/node';
import { readTrainEval } from '@wemoms/dataset/node';
import { buildCategoriesWithDuckDb } from '@wemoms/feature-sql/node';
import { buildAllCategories, buildCategory } from '@wemoms/features/node';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import type { BuildFeaturesOptions } from '../program/build-features.js';
import type { CliContext } from '../runtime/context.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

/** The train and eval rows (indices into the log snapshot) written by make-dataset. */
export async function trainEvalRows(ctx: CliContext, log: RowKeyLog) {
  requireFile(ctx.paths.trainRows, 'train rows', 'make-dataset', ctx.workdir);
  const files = await readTrainEval(ctx.paths.processed, log);
  const rows = new Int32Array(files.train.rows.length + files.eval.rows.length);
  rows.set(files.train.rows);
  rows.set(files.eval.rows, files.train.rows.length);
  return { rows, train: files.train.rows, eval: files.eval.rows };
}

export async function run(ctx: CliContext, options: BuildFeaturesOptions): Promise<void> {
  const categories = selectCategories(options.category ?? ctx.config.features.categories, (line) =>
    ctx.progress.log(`build-features: ${line}`),
  );
  if (ctx.config.features.engine === 'duckdb') return runWithDuckDb(ctx, options, categories);
  // The turbo pipeline builds categories in parallel processes: each locks only its own files.
  await runStage(
    ctx,
    `build-features${options.category ? `:${options.category.join(',')}` : ''}`,
    { outputs: categories.map((c) => ctx.paths.categoryFile(c)), lock: 'outputs' },
    async () => {
      const loaded = await loadLogSnapshot(ctx);
      const { rows } = await trainEvalRows(ctx, loaded.log);
      const task = ctx.progress.start('build-features', categories.length * rows.length, 'rows');
      const results =
        categories.length === 1
          ? [
              buildCategory(
                categories[0],
                { context: loaded.features, rows },
                ctx.paths.categoryFile(categories[0]),
              ),
            ]
          : await buildAllCategories({
              context: loaded.features,
              rows,
              outDir: ctx.paths.interim,
              categories,
            });
      task.tick(categories.length * rows.length);
      task.done();
      return {
        count: rows.length * categories.length,
        unit: 'rows',
        summary: `${categories.length} categor${categories.length === 1 ? 'y' : 'ies'} x ${formatCount(rows.length)} train+eval rows: ${results.map((r) => relative(ctx.workdir, r.path)).join(', ')}`,
      };
    },
  );
}

/**
 * The duckdb engine: the SQL compiled from the same definitions, run by embedded DuckDB over the log
 * snapshot and the split files (out of core, within features.duckdbMemoryLimit), writing the same files.
 */
async function runWithDuckDb(
  ctx: CliContext,
  options: BuildFeaturesOptions,
  categories: string[],
): Promise<void> {
  await runStage(
    ctx,
    `build-features${options.category ? `:${options.category.join(',')}` : ''}`,
    { outputs: categories.map((c) => ctx.paths.categoryFile(c)), lock: 'outputs' },
    async () => {
      requireFile(ctx.paths.logSnapshot, 'log snapshot', 'make-dataset', ctx.workdir);
      requireFile(ctx.paths.trainRows, 'train rows', 'make-dataset', ctx.workdir);
      requireFile(ctx.paths.evalRows, 'eval rows', 'make-dataset', ctx.workdir);
      const memoryLimit = ctx.config.features.duckdbMemoryLimit;
      const results = await buildCategoriesWithDuckDb({
        logPath: ctx.paths.logSnapshot,
        rowPaths: [ctx.paths.trainRows, ctx.paths.evalRows],
        outDir: ctx.paths.interim,
        categories,
        ...(memoryLimit === null ? {} : { memoryLimit }),
      });
      const rows = results[0]?.rows ?? 0;
      return {
        count: rows * categories.length,
        unit: 'rows',
        summary: `duckdb engine${memoryLimit === null ? '' : ` (memory limit ${memoryLimit})`}: ${categories.length} categor${categories.length === 1 ? 'y' : 'ies'} x ${formatCount(rows)} train+eval rows: ${results.map((r) => relative(ctx.workdir, r.path)).join(', ')}`,
      };
    },
  );
}
