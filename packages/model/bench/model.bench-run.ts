/**
 * Benchmark of @wemoms/model on data shaped like the default 100k-row pipeline's: 52,000 train rows and
 * 6,500 validation rows of 71 numeric features (22 of them sparse) + 6 categorical ones (11, 2, 101, 3, 101
 * and 9 values: 77 features, ~330 encoded inputs), in groups of 6 rows (the user-days ranking losses and
 * early stopping need). Synthetic matrices with a logistic ground truth stand in for the real features (the
 * shape, not the signal, drives the cost). Run: `pnpm --filter @wemoms/model bench`.
 *
 * Env: BENCH_SKIP_TRAIN=1 skips the training runs, BENCH_SCORE_BACKENDS (default "<picked>,wasm,cpu")
 * lists the backends of the graph paths. Prints, best of BENCH_REPEATS (default 3) in wall and process CPU seconds:
 * - training (`trainRanker`, batch 512, up to 50 epochs, patience 10, early stopping on NDCG@10) of the
 *   study's logistic regression, an MLP [16], a cross network (one cross layer of rank 8) and an MLP [16] on a
 *   listwise loss, on the backend Node picks; once more per extra BENCH_BATCH_SIZES entry (logreg);
 * - scoring candidates/s per backend and path, on chunks of BENCH_SCORE_ROWS (default 1,048,576, the CLI's
 *   `predict.chunkRows`) Float32Array / `{codes, dictionary}` columns, called like the CLI calls it
 *   (`score(columns, {allowUnexpected: true})`, a few unused columns present). As in a candidate chunk, the first
 *   29 numeric features and 3 categorical ones (the user's own) repeat over groups of 2,600 rows (one user's
 *   candidates), which the JS paths hoist.
 */

import { seededRandom } from '@wemoms/data-schema';
import { it } from 'vitest';
import { DEFAULT_RANKER_CONFIG, type Ranker, type RankerConfig, selectBackend } from '../src/node.js';
import { syntheticData } from '../src/testing/synthetic-data.js';
import { trainRanker } from '../src/train.js';
import type { FeatureColumns } from '../src/types.js';

const NUMERIC = 71;
/** Numeric features 49..70 are sparse, like the pregnancy / author / user x post match fields of the real frame. */
const FIRST_SPARSE = 49;
const TRAIN_ROWS = Number(process.env.BENCH_TRAIN_ROWS ?? 52_000);
const VALIDATION_ROWS = 6_500;
const SCORE_ROWS = Number(process.env.BENCH_SCORE_ROWS ?? 1_048_576);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CATEGORY_SIZES = [11, 2, 101, 3, 101, 9];

/** Blanks 5-60 % of the sparse numerics (real missing shares vary by feature). */
function withMissing(data: ReturnType<typeof syntheticData>, seed: number) {
  const random = seededRandom(seed);
  for (let j = FIRST_SPARSE; j < NUMERIC; j++) {
    const share = 0.05 + (0.55 * (j - FIRST_SPARSE)) / (NUMERIC - FIRST_SPARSE);
    const column = data.columns[`x${j}`] as Float32Array;
    for (let i = 0; i < column.length; i++) if (random() < share) column[i] = Number.NaN;
  }
  return data;
}

/** Columns 0..28 and c0..c2 are the user's: the same on every row of a group of `groupRows`. */
function withGroups(data: ReturnType<typeof syntheticData>, groupRows: number) {
  for (let j = 0; j < 29; j++) {
    const column = data.columns[`x${j}`] as Float32Array;
    for (let i = 0; i < column.length; i++) if (i % groupRows !== 0) column[i] = column[i - 1];
  }
  for (let c = 0; c < 3; c++) {
    const { codes } = data.columns[`c${c}`] as { codes: Int32Array };
    for (let i = 0; i < codes.length; i++) if (i % groupRows !== 0) codes[i] = codes[i - 1];
  }
  return {
    ...data,
    groups: Int32Array.from({ length: data.labels.length }, (_, i) => Math.floor(i / groupRows)),
  };
}

function dataset(rows: number, seed: number) {
  const random = seededRandom(99);
  return withMissing(
    syntheticData({
      rows,
      seed,
      numericWeights: Array.from({ length: NUMERIC }, (_, j) => (j < 12 ? random() - 0.5 : 0)),
      categories: CATEGORY_SIZES.map((size, c) => ({
        values: Array.from({ length: size }, (_, v) => `c${c}v${String(v).padStart(3, '0')}`),
        weights: Array.from({ length: size }, (_, v) => (c === 0 ? (v % 3) * 0.1 - 0.1 : 0)),
      })),
      bias: -1.9, // ~15 % positives, like the real log
    }),
    seed + 1000,
  );
}

/** Process CPU seconds (user + system): with several engineers sharing 2 cores, wall time mostly measures waiting. */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Best wall and CPU seconds of `REPEATS` runs (each minimum taken separately), and the last result. */
async function bestOf<T>(run: () => T | Promise<T>): Promise<{ wall: number; cpu: number; result: T }> {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let rep = 0; rep < REPEATS; rep++) {
    const t0 = performance.now();
    const c0 = cpuSeconds();
    result = await run();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    cpu = Math.min(cpu, cpuSeconds() - c0);
  }
  return { wall, cpu, result: result as T };
}

const line = (cells: (string | number)[]) => console.log(cells.map(String).join('\t'));

it('benchmark', async () => {
  const train = withGroups(dataset(TRAIN_ROWS, 1), 6);
  const validation = withGroups(dataset(VALIDATION_ROWS, 2), 6);
  const scoring = withGroups(dataset(SCORE_ROWS, 3), 2_600);
  // The CLI hands the whole feature frame over: columns the model does not use ride along.
  const scoringColumns: FeatureColumns = {
    ...scoring.columns,
    unused_a: new Float32Array(SCORE_ROWS),
    unused_b: new Float32Array(SCORE_ROWS),
  };
  const log = (m: string) => console.log(`# ${m}`);
  console.log(
    `# ${TRAIN_ROWS} train rows, ${VALIDATION_ROWS} validation rows, ${NUMERIC} numeric + ` +
      `${CATEGORY_SIZES.length} categorical features; best of ${REPEATS}`,
  );

  const picked = (await selectBackend('auto', { log })).backend;
  const extraBatchSizes = (process.env.BENCH_BATCH_SIZES ?? '').split(',').filter(Boolean).map(Number);
  line([
    'backend',
    'model',
    'batch',
    'epochs',
    'bestEpoch',
    'train(s)',
    'trainCpu(s)',
    'cpu/epoch(s)',
    'bestValNdcg',
    'bestValLoss',
  ]);
  const trainings: [string, RankerConfig][] = process.env.BENCH_SKIP_TRAIN
    ? []
    : [
        ['logreg', { type: 'logreg' }],
        ['mlp [16]', { type: 'mlp', hiddenSizes: [16] }],
        ['cross 1x8', { type: 'cross', crossLayers: 1, crossRank: 8, hiddenSizes: [] }],
        ['mlp [16] listwise', { type: 'mlp', hiddenSizes: [16], loss: 'listwise' }],
      ];
  for (const batchSize of extraBatchSizes) trainings.push(['logreg', { type: 'logreg', batchSize }]);
  for (const [name, config] of trainings) {
    const { wall, cpu, result } = await bestOf(async () => {
      const { ranker, history } = await trainRanker(train, validation, config);
      ranker.dispose();
      return history;
    });
    const best = result.epochs[result.bestEpoch - 1];
    line([
      picked,
      name,
      config.batchSize ?? DEFAULT_RANKER_CONFIG.batchSize,
      result.epochs.length,
      result.bestEpoch,
      wall.toFixed(2),
      cpu.toFixed(2),
      (cpu / result.epochs.length).toFixed(3),
      best.valNdcg.toFixed(4),
      best.valLoss.toFixed(5),
    ]);
  }

  const quick = { epochs: 2, earlyStopping: 'loss' as const };
  const { ranker: linear } = await trainRanker(train, validation, { ...quick, type: 'logreg' });
  const { ranker: mlp } = await trainRanker(train, validation, { ...quick, type: 'mlp', hiddenSizes: [16] });
  const { ranker: mlp32 } = await trainRanker(train, validation, {
    ...quick,
    type: 'mlp',
    hiddenSizes: [32, 16],
  });
  const { ranker: cross } = await trainRanker(train, validation, {
    ...quick,
    type: 'cross',
    crossLayers: 1,
    crossRank: 8,
    hiddenSizes: [],
  });
  const { ranker: deepCross } = await trainRanker(train, validation, {
    ...quick,
    type: 'cross',
    crossLayers: 2,
    crossRank: 8,
    hiddenSizes: [16],
  });
  line(['backend', 'model', 'candidates', 'candidates/s', 'candidates/cpu-s']);
  const scorers: [string, Ranker, 'js' | 'graph'][] = [
    ['logreg (folded)', linear, 'js'],
    ['mlp [16]', mlp, 'js'],
    ['mlp [32, 16]', mlp32, 'js'],
    ['cross 1x8', cross, 'js'],
    ['cross 2x8 + [16]', deepCross, 'js'],
    ['logreg graph', linear, 'graph'],
    ['mlp [16] graph', mlp, 'graph'],
    ['cross 1x8 graph', cross, 'graph'],
  ];
  const scoreBackends = process.env.BENCH_SCORE_BACKENDS?.split(',') ?? [picked, 'wasm', 'cpu'];
  for (const backend of [...new Set(scoreBackends)]) {
    await selectBackend(backend as 'cpu', { log: () => {} });
    for (const [name, ranker, path] of scorers) {
      // The JS paths use no backend: measured once, on the first backend.
      if (path === 'js' && backend !== picked) continue;
      const { wall, cpu } = await bestOf(() => ranker.score(scoringColumns, { path, allowUnexpected: true }));
      line([
        path === 'js' ? 'js' : backend,
        name,
        SCORE_ROWS,
        Math.round(SCORE_ROWS / wall),
        Math.round(SCORE_ROWS / cpu),
      ]);
    }
  }
  for (const ranker of [linear, mlp, mlp32, cross, deepCross]) ranker.dispose();
});
