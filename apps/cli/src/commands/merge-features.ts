/**
 * `wemoms merge-features`: joins the category files on their row key into
 * data/processed/features.parquet (row key, user_id, trackable_id, split 'train' | 'eval', label, features).
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { requireFile } from '@wemoms/data-schema/node';
import { mergeFeatures } from '@wemoms/features/node';
import { formerCategoryNames, selectCategories } from '../pipeline/categories.js';
import { loadLogKeys } from '../pipeline/load-log.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { runStage } from '../runtime/stage.js';
import { trainEvalRows } from './build-features.js';

export async function run(ctx: CliContext): Promise<void> {
  const categories = selectCategories(ctx.config.features.categories);
  await runStage(ctx, 'merge-features', { outputs: [ctx.paths.features] }, async () => {
    for (const name of categories) assertNotUnderFormerName(ctx, name);
    // Only the snapshot's ids, times and labels (or the whole log build-features loaded, in one process).
    const log = await loadLogKeys(ctx);
    const { train, eval: evalRows } = await trainEvalRows(ctx, log);
    for (const name of categories) {
      const path = ctx.paths.categoryFile(name);
      requireFile(path, `feature category ${name}`, `build-features --category ${name}`, ctx.workdir);
    }
    const merged = await mergeFeatures({
      log,
      train,
      eval: evalRows,
      interimDir: ctx.paths.interim,
      outPath: ctx.paths.features,
      categories,
    });
    return {
      count: merged.rows,
      unit: 'rows',
      summary: `${merged.features.length} features from ${categories.length} categories -> ${relative(ctx.workdir, ctx.paths.features)}`,
      figures: { features: merged.features.length },
    };
  });
}

/**
 * A workdir built before category `name` was renamed (`extra`, now `userPostMatch`) holds its file under
 * the former name: a CliError saying so, rather than the merge's plain "missing" (or a silent fallback to a
 * file the current build-features no longer refreshes).
 */
function assertNotUnderFormerName(ctx: CliContext, name: string): void {
  const path = ctx.paths.categoryFile(name);
  if (existsSync(path)) return;
  const former = formerCategoryNames(name)
    .map((n) => ctx.paths.categoryFile(n))
    .find((p) => existsSync(p));
  if (former === undefined) return;
  const shown = (p: string) => relative(ctx.workdir, p);
  throw new CliError(
    `missing feature category ${name} at ${shown(path)}: ${shown(former)} is this category under its former ` +
      `name; run \`wemoms build-features --category ${name}\` (or rename the file: the columns are the same)`,
  );
}
