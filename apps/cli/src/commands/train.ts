/**
 * `wemoms train`: fits the ranker on the train rows of data/processed/features.parquet, early-stopping
 * on the eval rows, and saves it (model.json, weights.bin, preprocessing.json, history.json).
 *
 * Ranking groups: one per user and UTC day (the user's impressions of that day, the `impressions` grouping of
 * DESIGN section 6 applied to the train and eval days). A pairwise or listwise loss compares rows within the
 * train groups; early stopping ranks the eval groups (NDCG@k / MAP@k). Groups without an open, or without
 * an unopened row, carry no ranking signal and are left out of both (they still count for the pointwise loss).
 */
import { relative } from 'node:path';
import { utcDay } from '@wemoms/data-schema';
import { requireFile } from '@wemoms/data-schema/node';
import { featurize } from '@wemoms/features';
import type { FeatureColumns, LabelledData, RankerConfig } from '@wemoms/model';
import { trainRanker } from '@wemoms/model';
import { saveRanker } from '@wemoms/model/node';
import type { WemomsConfig } from '../config/schema.js';
import { readFeatureFile } from '../io/feature-files.js';
import { selectCategories } from '../pipeline/categories.js';
import { type LoadedLog, loadLogSnapshot } from '../pipeline/load-log.js';
import { activateBackend } from '../runtime/backend.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatDuration } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

/** The key columns `train` reads besides the features: split and label, and what groups and ties need. */
export const TRAIN_KEY_COLUMNS = ['split', 'label', 'row'];

/** Key columns of the merged file that `train` does not read: the log snapshot has them, coded already. */
const SKIPPED_KEY_COLUMNS = ['user_id', 'tracker_created_at', 'trackable_id'];

/** One split's labelled rows, with where they come from in the log and when each group starts. */
export interface SplitData extends LabelledData {
  readonly groups: Float64Array;
  /** Index of each row in the log snapshot. */
  readonly logRows: Int32Array;
  /** First impression time of each row's group (its user-day), UTC microseconds. */
  readonly groupStart: Float64Array;
}

/** The `model` section as the model package's training config. */
export function rankerConfig(model: WemomsConfig['model']): RankerConfig {
  return {
    type: model.type,
    loss: model.loss,
    pointwiseWeight: model.pointwiseWeight,
    learningRate: model.learningRate,
    epochs: model.epochs,
    patience: model.patience,
    batchSize: model.batchSize,
    seed: model.seed,
    hiddenSizes: model.hiddenSizes,
    crossLayers: model.crossLayers,
    crossRank: model.crossRank,
    l2: model.l2,
    earlyStopping: model.earlyStopping,
    rankingK: model.rankingK,
    minCategoryCount: model.minCategoryCount,
    maxVocabularySize: model.maxVocabularySize,
    logTransform: model.logTransform,
  };
}

/**
 * Rows of `file` whose split is `which`, as labelled model input, with their ranking group (user x UTC
 * day) and tie key (the post id's rank, the tie-break of every ranking), read from the log snapshot through
 * each row's `row` (its index in the log).
 */
export function selectSplit(
  file: Awaited<ReturnType<typeof readFeatureFile>>,
  which: 'train' | 'eval',
  loaded: LoadedLog,
): SplitData {
  const split = file.keys.split as { codes: Int32Array; dictionary: string[] };
  const label = file.keys.label as Uint8Array;
  const code = split.dictionary.indexOf(which);
  const rows: number[] = [];
  for (let i = 0; i < split.codes.length; i++) if (split.codes[i] === code) rows.push(i);
  const index = Int32Array.from(rows);
  const logRow = file.keys.row as Int32Array;
  const users = loaded.log.columns.user_id.codes;
  const times = loaded.log.columns.tracker_created_at;
  const posts = loaded.log.columns.trackable_id.codes;
  const postRank = loaded.catalog.postRank;
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const i of index) {
    const day = utcDay(times[logRow[i]]);
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
  }
  const days = index.length > 0 ? lastDay - firstDay + 1 : 0;
  const groups = new Float64Array(index.length);
  const tieKeys = new Int32Array(index.length);
  const logRows = new Int32Array(index.length);
  const startOf = new Map<number, number>();
  for (let k = 0; k < index.length; k++) {
    const r = logRow[index[k]];
    groups[k] = users[r] * days + (utcDay(times[r]) - firstDay);
    tieKeys[k] = postRank[posts[r]];
    logRows[k] = r;
    const start = startOf.get(groups[k]);
    if (start === undefined || times[r] < start) startOf.set(groups[k], times[r]);
  }
  const groupStart = Float64Array.from(groups, (g) => startOf.get(g) as number);
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
  return { specs: file.frame.specs, columns, labels, groups, tieKeys, logRows, groupStart };
}

/**
 * The rows of `data` featurised as of the first impression of their user-day instead of their own time:
 * how the `userDay` and `impressions` test groups are featurised (one candidate time per group). Within a
 * user-day, features at each row's own time differ by the user's own activity earlier that day (her views and
 * opens since the first impression): a ranking loss or metric over such a group would learn, and reward, the
 * order of her session, which no test group shows. Same labels, groups and tie keys.
 */
export function atGroupStart(data: SplitData, loaded: LoadedLog, categories: readonly string[]): SplitData {
  const users = loaded.log.columns.user_id.codes;
  const posts = loaded.log.columns.trackable_id.codes;
  const queries = {
    length: data.logRows.length,
    user: Int32Array.from(data.logRows, (r) => users[r]),
    post: Int32Array.from(data.logRows, (r) => posts[r]),
    time: data.groupStart,
  };
  const frame = featurize(loaded.features, queries, categories);
  return { ...data, specs: frame.specs, columns: frame.columns };
}

/**
 * The train and eval rows of the merged features, and the log snapshot. The merged file's columns (every
 * row of every split) are unreachable once this returns, so training does not hold them beside its own
 * copies (3.4 GB at 10M rows).
 */
async function readSplits(
  ctx: CliContext,
): Promise<{ train: SplitData; validation: SplitData; loaded: LoadedLog }> {
  // The ids and times are keys, not features: the ranking groups and tie keys come from the log snapshot
  // (already coded), which the eval days' featurisation needs anyway.
  const [file, loaded] = await Promise.all([
    readFeatureFile(ctx.paths.features, TRAIN_KEY_COLUMNS, SKIPPED_KEY_COLUMNS),
    loadLogSnapshot(ctx),
  ]);
  return { train: selectSplit(file, 'train', loaded), validation: selectSplit(file, 'eval', loaded), loaded };
}

export async function run(ctx: CliContext): Promise<void> {
  const { config, paths } = ctx;
  await runStage(ctx, 'train', { outputs: [paths.modelDir] }, async () => {
    requireFile(paths.features, 'merged features', 'merge-features', ctx.workdir);
    await activateBackend(ctx);
    let { train, validation, loaded } = await readSplits(ctx);
    if (validation.labels.length === 0) {
      throw new CliError(
        `no eval rows in ${relative(ctx.workdir, paths.features)}: check split.eval in the config`,
      );
    }
    // Validation is featurised at each user-day's start, like the test groups (see atGroupStart); so is
    // training for a ranking loss, whose groups are user-days too. The pointwise loss keeps the study's
    // rows, each at its own impression time.
    const categories = selectCategories(config.features.categories);
    validation = atGroupStart(validation, loaded, categories);
    if (config.model.loss !== 'pointwise') train = atGroupStart(train, loaded, categories);
    const task = ctx.progress.start('train', config.model.epochs, 'epochs');
    const { ranker, history } = await trainRanker(train, validation, {
      ...rankerConfig(config.model),
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
        `${describeRanker(history.config)}: ${history.epochs.length} epochs on ${history.backend} ` +
        `(best ${history.bestEpoch} by ${history.config.earlyStopping}: val NDCG@${history.config.rankingK} ${fixed(best?.valNdcg)}, ` +
        `MAP@${history.config.rankingK} ${fixed(best?.valMap)} over ${history.validationGroups} eval user-days, ` +
        `val loss ${history.bestValLoss.toFixed(4)}, val AUC ${fixed(best?.valAuc)}, ${formatDuration(history.timeToBestMs / 1000)}) ` +
        `-> ${relative(ctx.workdir, paths.modelDir)}`,
    };
  });
}

const fixed = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(4));

/** `mlp [32] listwise`, `cross 2x8 + [32] pointwise`, `logreg pointwise`. */
export function describeRanker(config: {
  type: string;
  loss: string;
  hiddenSizes: readonly number[];
  crossLayers: number;
  crossRank: number;
  pointwiseWeight: number;
}): string {
  const shape =
    config.type === 'mlp'
      ? ` [${config.hiddenSizes.join(', ')}]`
      : config.type === 'cross'
        ? ` ${config.crossLayers}x${config.crossRank}${config.hiddenSizes.length ? ` + [${config.hiddenSizes.join(', ')}]` : ''}`
        : '';
  const mix =
    config.loss !== 'pointwise' && config.pointwiseWeight > 0 ? ` + ${config.pointwiseWeight} pointwise` : '';
  return `${config.type}${shape} ${config.loss}${mix}`;
}
