/**
 * `wemoms merge-features`: joins the category files on their row key into
 * data/processed/features.parquet, adding the split (0 train, 1 eval) and the label.
 */
import { relative } from 'node:path';
import { readRawTableParquet } from '@wemoms/data-schema';
import { concatFrames } from '@wemoms/features';
import { readFeatureFile, writeFeatureFile } from '../io/feature-files.js';
import { requireFile } from '../io/require-file.js';
import { selectCategories } from '../pipeline/categories.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { runStage } from '../runtime/stage.js';
import { trainEvalRows } from './build-features.js';

export async function run(ctx: CliContext): Promise<void> {
  const categories = selectCategories(ctx.config.features.categories);
  await runStage(ctx, 'merge-features', async () => {
    requireFile(ctx.paths.logSnapshot, 'log snapshot', 'make-dataset', ctx.workdir);
    const log = await readRawTableParquet(ctx.paths.logSnapshot);
    const { trainLength, labels } = await trainEvalRows(ctx, log);
    const frames = [];
    let rows: Int32Array | undefined;
    for (const name of categories) {
      const path = ctx.paths.categoryFile(name);
      requireFile(path, `feature category ${name}`, `build-features --category ${name}`, ctx.workdir);
      const file = await readFeatureFile(path, ['row']);
      const fileRows = file.keys.row as Int32Array;
      if (!rows) rows = fileRows;
      else if (fileRows.length !== rows.length || fileRows.some((r, i) => r !== rows?.[i])) {
        throw new CliError(
          `${path}: its rows differ from the other categories' (stale file?): re-run build-features`,
        );
      }
      frames.push(file.frame);
    }
    if (!rows) throw new CliError('no feature category selected');
    const merged = concatFrames(frames);
    const split = new Uint8Array(rows.length);
    split.fill(1, trainLength);
    writeFeatureFile(ctx.paths.features, { row: rows, split, label: labels }, merged);
    return {
      count: rows.length,
      unit: 'rows',
      summary: `${merged.specs.length} features from ${categories.length} categories -> ${relative(ctx.workdir, ctx.paths.features)}`,
      figures: { features: merged.specs.length },
    };
  });
}
