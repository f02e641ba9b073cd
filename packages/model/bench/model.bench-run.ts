/**
 * Benchmark of @wemoms/model: training throughput and time to best validation loss on a data set shaped
 * like the default one (~35,000 filtered train rows, ~60 numeric + 4 categorical features), and scoring
 * throughput per backend. Synthetic matrices with a logistic ground truth stand in for the real features
 * (the shape, not the signal, drives the cost). Run: `pnpm --filter @wemoms/model bench`.
 * Env: BENCH_SCORE_ROWS (default 1,000,000), BENCH_BATCH_SIZES (default "256,512,1024": training runs on the
 * backend Node picks; one more on cpu at the default batch size).
 */
import { it } from 'vitest';
import { DEFAULT_RANKER_CONFIG, selectBackend } from '../src/node.js';
import { createRandom } from '../src/random.js';
import { syntheticData } from '../src/testing/synthetic-data.js';
import { trainRanker } from '../src/train.js';

const NUMERIC = 60;
const TRAIN_ROWS = 35_000;
const VALIDATION_ROWS = 6_000;
const SCORE_ROWS = Number(process.env.BENCH_SCORE_ROWS ?? 1_000_000);

/** Real feature frames have a few sparse columns (pregnancy / author fields): blank 10 of the 60 numerics. */
function withMissing(data: ReturnType<typeof syntheticData>, seed: number) {
  const random = createRandom(seed);
  for (let j = 50; j < NUMERIC; j++) {
    const column = data.columns[`x${j}`] as Float32Array;
    for (let i = 0; i < column.length; i++) if (random() < 0.4) column[i] = Number.NaN;
  }
  return data;
}

function dataset(rows: number, seed: number) {
  const random = createRandom(99);
  return withMissing(
    syntheticData({
      rows,
      seed,
      numericWeights: Array.from({ length: NUMERIC }, (_, j) => (j < 12 ? random() - 0.5 : 0)),
      categories: [
        { values: ['FR', 'BE', 'CH', 'CA', 'MA', 'LU'], weights: [0, 0.1, -0.1, 0.2, -0.3, 0] },
        {
          values: Array.from({ length: 96 }, (_, d) => String(d + 1).padStart(2, '0')),
          weights: Array(96).fill(0),
        },
        { values: ['ios', 'android'], weights: [0.2, 0] },
        { values: ['mom', 'pregnant', 'trying'], weights: [0, 0.3, -0.2] },
      ],
      bias: -1.9, // ~15 % positives, like the real log
    }),
    seed + 1000,
  );
}

/** Process CPU seconds (user + system): with ~8 engineers sharing 2 cores, wall time mostly measures waiting. */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const line = (cells: (string | number)[]) => console.log(cells.map(String).join('\t'));

it('benchmark', async () => {
  const train = dataset(TRAIN_ROWS, 1);
  const validation = dataset(VALIDATION_ROWS, 2);
  const scoring = dataset(SCORE_ROWS, 3);
  const log = (m: string) => console.log(`# ${m}`);
  console.log(
    `# ${TRAIN_ROWS} train rows, ${VALIDATION_ROWS} validation rows, ${NUMERIC} numeric + 4 categorical features`,
  );

  const picked = (await selectBackend('auto', { log })).backend;
  const batchSizes = (process.env.BENCH_BATCH_SIZES ?? '256,512,1024').split(',').map(Number);
  line([
    'backend',
    'batch',
    'epochs',
    'bestEpoch',
    'trainRows/s/epoch',
    'timeToBest(s)',
    'timeToBestCpu(s)',
    'total(s)',
    'totalCpu(s)',
    'bestValLoss',
    'valAuc',
  ]);
  const runs = [
    ...batchSizes.map((b) => [picked, b] as const),
    ['cpu', DEFAULT_RANKER_CONFIG.batchSize] as const,
  ];
  for (const [backend, batchSize] of runs) {
    await selectBackend(backend as 'cpu', { log: () => {} });
    {
      const epochMs: number[] = [];
      const epochCpu: number[] = [];
      let previous = 0;
      const cpu0 = cpuSeconds();
      const { ranker, history } = await trainRanker(train, validation, {
        batchSize,
        onEpochEnd: (e) => {
          epochMs.push(e.elapsedMs - previous);
          epochCpu.push(cpuSeconds() - cpu0);
          previous = e.elapsedMs;
        },
      });
      // Epoch 1 includes preprocessing and warm-up: the median epoch is the steady throughput.
      const median = [...epochMs].sort((a, b) => a - b)[Math.floor(epochMs.length / 2)];
      const best = history.epochs[history.bestEpoch - 1];
      line([
        backend,
        batchSize,
        history.epochs.length,
        history.bestEpoch,
        Math.round(TRAIN_ROWS / (median / 1000)),
        (history.timeToBestMs / 1000).toFixed(2),
        epochCpu[history.bestEpoch - 1].toFixed(2),
        (history.totalMs / 1000).toFixed(2),
        (cpuSeconds() - cpu0).toFixed(2),
        best.valLoss.toFixed(5),
        best.valAuc.toFixed(4),
      ]);
      ranker.dispose();
    }
  }

  await selectBackend(picked as 'cpu', { log: () => {} });
  const { ranker: linear } = await trainRanker(train, validation, { epochs: 2 });
  const { ranker: mlp } = await trainRanker(train, validation, { epochs: 2, hiddenSizes: [32, 16] });
  line(['backend', 'model', 'candidates', 'candidates/s (best of 3)', 'candidates/cpu-s (best of 3)']);
  for (const backend of [...new Set([picked, 'wasm', 'cpu'])]) {
    await selectBackend(backend as 'cpu', { log: () => {} });
    for (const [name, ranker, path] of [
      ['linear folded', linear, 'folded'],
      ['linear graph', linear, 'graph'],
      ['mlp 32-16 graph', mlp, 'graph'],
    ] as const) {
      let bestMs = Number.POSITIVE_INFINITY;
      let bestCpu = Number.POSITIVE_INFINITY;
      for (let rep = 0; rep < 3; rep++) {
        const t0 = performance.now();
        const c0 = cpuSeconds();
        ranker.score(scoring.columns, { path });
        bestMs = Math.min(bestMs, performance.now() - t0);
        bestCpu = Math.min(bestCpu, cpuSeconds() - c0);
      }
      line([
        backend,
        name,
        SCORE_ROWS,
        Math.round(SCORE_ROWS / (bestMs / 1000)),
        Math.round(SCORE_ROWS / bestCpu),
      ]);
    }
  }
  linear.dispose();
  mlp.dispose();
});
