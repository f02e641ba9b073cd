/**
 * `wemoms merge-features`: joins the category files on their row key into
 * data/processed/features.parquet (row key, user_id, trackable_id, split 'train' | 'eval', label, features).
 */
import { relative } from 'node:path';
import { requireFile } from '@wemoms/data-schema/node';
import { mergeFeatures } from '@wemoms/features/node';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogKeys } from '../pipeline/load-log.js';
import type { CliContext } from '../runtime/context.js';
import { runStage } from '../runtime/stage.js';
import { trainEvalRows } from './build-features.js';

export async function run(ctx: CliContext): Promise<void> {
  const categories = selectCategories(ctx.config.features.categories);
  await runStage(ctx, 'merge-features', { outputs: [ctx.paths.features] }, async () => {
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
