/**
 * `wemoms train`: fits the ranker on the train rows of data/processed/features.parquet, early-stopping
 * on the eval rows, and saves it (model.json, weights.bin, preprocessing.json, history.json).
 */
import { relative } from 'node:path';
import type { FeatureColumns, LabelledData } from '@wemoms/model';
import { trainRanker } from '@wemoms/model';
import { saveRanker } from '@wemoms/model/node';
import { readFeatureFile } from '../io/feature-files.js';
import { requireFile } from '../io/require-file.js';
import { activateBackend } from '../runtime/backend.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatDuration } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

/** Rows of `file` whose split is `which`, as labelled model input. */
function selectSplit(
  file: Awaited<ReturnType<typeof readFeatureFile>>,
  which: 'train' | 'eval',
): LabelledData {
  const split = file.keys.split as { codes: Int32Array; dictionary: string[] };
  const label = file.keys.label as Uint8Array;
  const code = split.dictionary.indexOf(which);
  const rows: number[] = [];
  for (let i = 0; i < split.codes.length; i++) if (split.codes[i] === code) rows.push(i);
  const index = Int32Array.from(rows);
  const columns: Record<string, FeatureColumns[string]> = {};
  for (const spec of file.frame.specs) {
    const column = file.frame.columns[spec.name];
    if (column instanceof Float32Array) {
      const out = new Float32Array(index.length);
      for (let i = 0; i < index.length; i++) out[i] = column[index[i]];
      columns[spec.name] = out;
    } else {
      const codes = new Int32Array(index.length);
      for (let i = 0; i < index.length; i++) codes[i] = column.codes[index[i]];
      columns[spec.name] = { codes, dictionary: column.dictionary };
    }
  }
  const labels = new Uint8Array(index.length);
  for (let i = 0; i < index.length; i++) labels[i] = label[index[i]];
  return { specs: file.frame.specs, columns, labels };
}

export async function run(ctx: CliContext): Promise<void> {
  const { config, paths } = ctx;
  await runStage(ctx, 'train', { outputs: [paths.modelDir] }, async () => {
    requireFile(paths.features, 'merged features', 'merge-features', ctx.workdir);
    await activateBackend(ctx);
    // The ids and times are keys, not features, and training needs none of them: not even read.
    const file = await readFeatureFile(
      paths.features,
      ['split', 'label'],
      ['row', 'user_id', 'trackable_id', 'tracker_created_at'],
    );
    const train = selectSplit(file, 'train');
    const validation = selectSplit(file, 'eval');
    if (validation.labels.length === 0) {
      throw new CliError(
        `no eval rows in ${relative(ctx.workdir, paths.features)}: check split.eval in the config`,
      );
    }
    const task = ctx.progress.start('train', config.model.epochs, 'epochs');
    const { ranker, history } = await trainRanker(train, validation, {
      learningRate: config.model.learningRate,
      epochs: config.model.epochs,
      patience: config.model.patience,
      batchSize: config.model.batchSize,
      seed: config.model.seed,
      hiddenSizes: config.model.hiddenSizes,
      l2: config.model.l2,
      minCategoryCount: config.model.minCategoryCount,
      maxVocabularySize: config.model.maxVocabularySize,
      onEpochEnd: () => task.tick(1),
    });
    task.done();
    await saveRanker(ranker, paths.modelDir);
    const best = history.epochs[history.bestEpoch - 1];
    return {
      count: history.trainRows * history.epochs.length,
      unit: 'row-epochs',
      figures: { trainRows: history.trainRows, epochs: history.epochs.length, bestEpoch: history.bestEpoch },
      summary:
        `${history.epochs.length} epochs on ${history.backend} (best ${history.bestEpoch}: val loss ${history.bestValLoss.toFixed(4)}, ` +
        `val AUC ${best ? best.valAuc.toFixed(4) : '?'}, ${formatDuration(history.timeToBestMs / 1000)}) -> ${relative(ctx.workdir, paths.modelDir)}`,
    };
  });
}
