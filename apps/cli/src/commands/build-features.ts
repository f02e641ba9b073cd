/**
 * `wemoms build-features [--category NAME...]`: one parquet file per category with the features of every
 * train and eval row, computed as of the row's impression time from the log strictly before it.
 * Categories are independent, so the turbo pipeline runs one task per category in parallel.
 */
import { relative } from 'node:path';
import type { RawTable } from '@wemoms/data-schema';
import { readDataset } from '@wemoms/dataset';
import { buildCategoryFrame, getCategory, queriesFromRows } from '@wemoms/features';
import { writeFeatureFile } from '../io/feature-files.js';
import { requireFile } from '../io/require-file.js';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import type { CliContext } from '../runtime/context.js';
import { formatCount } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

/** The train rows then the eval rows (indices into the log snapshot), and how many are train. */
export async function trainEvalRows(ctx: CliContext, log: RawTable) {
  requireFile(ctx.paths.trainRows, 'train rows', 'make-dataset', ctx.workdir);
  const files = await readDataset(ctx.paths.processed, log);
  const rows = new Int32Array(files.train.rows.length + files.eval.rows.length);
  rows.set(files.train.rows);
  rows.set(files.eval.rows, files.train.rows.length);
  const labels = new Uint8Array(rows.length);
  labels.set(files.train.label);
  labels.set(files.eval.label, files.train.rows.length);
  return { rows, labels, trainLength: files.train.rows.length };
}

export async function run(ctx: CliContext, options: { category?: string[] }): Promise<void> {
  const categories = selectCategories(options.category ?? ctx.config.features.categories);
  await runStage(
    ctx,
    `build-features${options.category ? `:${options.category.join(',')}` : ''}`,
    async () => {
      const loaded = await loadLogSnapshot(ctx);
      const { rows } = await trainEvalRows(ctx, loaded.log);
      const queries = queriesFromRows(loaded.log, rows);
      const task = ctx.progress.start('build-features', categories.length * rows.length, 'rows');
      const written: string[] = [];
      for (const name of categories) {
        const frame = buildCategoryFrame(getCategory(name), loaded.features, queries);
        writeFeatureFile(ctx.paths.categoryFile(name), { row: rows }, frame);
        written.push(relative(ctx.workdir, ctx.paths.categoryFile(name)));
        task.tick(rows.length);
      }
      task.done();
      return {
        count: rows.length * categories.length,
        unit: 'rows',
        summary: `${categories.length} categor${categories.length === 1 ? 'y' : 'ies'} x ${formatCount(rows.length)} train+eval rows: ${written.join(', ')}`,
      };
    },
  );
}
