import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffleInPlace } from '@wemoms/data-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { Float32Adam } from './adam-float32.js';
import { LOGIT_LAYER } from './network.js';
import { syntheticData } from './testing/synthetic-data.js';
import { trainRanker } from './train.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function meanLogLoss(p: Float32Array, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
    sum -= labels[i] ? Math.log(q) : Math.log(1 - q);
  }
  return sum / p.length;
}

describe('trainRanker (logistic regression)', () => {
  it('recovers known weights of standardised numeric features and category offsets', async () => {
    const truth = {
      numericWeights: [1.5, -1, 0.5, 0],
      categories: [{ values: ['ios', 'android', 'web'], weights: [0.8, 0, -0.6] }],
      bias: -1,
    };
    const train = syntheticData({ rows: 30_000, seed: 1, ...truth });
    const validation = syntheticData({ rows: 5_000, seed: 2, ...truth });
    const { ranker, history } = await trainRanker(train, validation, {
      learningRate: 0.02,
      batchSize: 512,
      epochs: 25,
      seed: 7,
    });
    const [kernel, bias] = ranker.model.getLayer(LOGIT_LAYER).getWeights();
    const w = kernel.dataSync();
    for (let j = 0; j < 4; j++) expect(Math.abs(w[j] - truth.numericWeights[j])).toBeLessThan(0.1);
    // One-hot slots are only identified up to the bias: compare category differences (slots sorted by count).
    const slots = ranker.preprocessing.features[4];
    if (slots.type !== 'categorical') throw new Error('expected categorical');
    const slotWeight = (value: string) => w[4 + slots.vocabulary.indexOf(value)];
    expect(Math.abs(slotWeight('ios') - slotWeight('android') - 0.8)).toBeLessThan(0.1);
    expect(Math.abs(slotWeight('web') - slotWeight('android') + 0.6)).toBeLessThan(0.1);
    expect(Math.abs(slotWeight('android') + bias.dataSync()[0] - truth.bias)).toBeLessThan(0.1);
    // Validation AUC is recorded per epoch and well above chance on a learnable problem.
    expect(history.epochs.at(-1)?.valAuc).toBeGreaterThan(0.7);
    ranker.dispose();
  });

  it('stops early when validation loss stops improving and restores the best weights', async () => {
    // Validation labels follow the opposite relationship: every step on train makes validation worse
    // after the first epochs, so the best epoch is early and patience runs out.
    const train = syntheticData({ rows: 4_000, seed: 3, numericWeights: [2, -2], bias: 0 });
    const validation = syntheticData({ rows: 2_000, seed: 4, numericWeights: [-2, 2], bias: 0 });
    const { ranker, history } = await trainRanker(train, validation, {
      learningRate: 0.01,
      batchSize: 256,
      epochs: 50,
      patience: 3,
      seed: 1,
    });
    expect(history.stoppedEarly).toBe(true);
    expect(history.epochs.length).toBe(history.bestEpoch + 3);
    const best = history.epochs[history.bestEpoch - 1];
    expect(best.valLoss).toBe(history.bestValLoss);
    expect(Math.min(...history.epochs.map((e) => e.valLoss))).toBe(best.valLoss);
    // The kept weights are the best epoch's, not the last epoch's.
    const restoredLoss = meanLogLoss(ranker.score(validation.columns), validation.labels);
    expect(restoredLoss).toBeCloseTo(history.bestValLoss, 4);
    expect(restoredLoss).toBeLessThan(history.epochs.at(-1)!.valLoss);
    ranker.dispose();
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const data = syntheticData({
      rows: 3_000,
      seed: 5,
      numericWeights: [1, -1, 0.5],
      bias: -0.5,
      missingShare: 0.1,
    });
    const validation = syntheticData({ rows: 1_000, seed: 6, numericWeights: [1, -1, 0.5], bias: -0.5 });
    const config = { epochs: 3, batchSize: 64, learningRate: 0.01 };
    const a = await trainRanker(data, validation, { ...config, seed: 11 });
    const b = await trainRanker(data, validation, { ...config, seed: 11 });
    const c = await trainRanker(data, validation, { ...config, seed: 12 });
    const strip = (h: typeof a.history) => h.epochs.map(({ elapsedMs, ...rest }) => rest);
    expect(strip(b.history)).toEqual(strip(a.history));
    expect(b.ranker.score(validation.columns)).toEqual(a.ranker.score(validation.columns));
    expect(c.ranker.score(validation.columns)).not.toEqual(a.ranker.score(validation.columns));
    for (const r of [a, b, c]) r.ranker.dispose();
  });

  it('trains an MLP through the same interface', async () => {
    const truth = {
      numericWeights: [1, -1],
      categories: [{ values: ['a', 'b'], weights: [0.5, -0.5] }],
      bias: 0,
    };
    const train = syntheticData({ rows: 4_000, seed: 8, ...truth });
    const validation = syntheticData({ rows: 1_000, seed: 9, ...truth });
    const { ranker, history } = await trainRanker(train, validation, {
      hiddenSizes: [8, 4],
      epochs: 5,
      learningRate: 0.01,
    });
    expect(ranker.isLinear).toBe(false);
    expect(history.config.hiddenSizes).toEqual([8, 4]);
    expect(history.epochs[history.bestEpoch - 1].valLoss).toBeLessThan(history.epochs[0].valLoss + 1e-9);
    expect(history.bestValLoss).toBeLessThan(Math.log(2));
    ranker.dispose();
  });

  it('rejects bad labels, bad config and mismatched validation schemas with clear messages', async () => {
    const data = syntheticData({ rows: 50, seed: 1, numericWeights: [1] });
    await expect(
      trainRanker({ ...data, labels: Array.from(data.labels).map((y, i) => (i === 3 ? 2 : y)) }, data),
    ).rejects.toThrow('training data: label at row 3 must be 0 or 1, got 2');
    await expect(trainRanker(data, data, { batchSize: 0 })).rejects.toThrow(
      'config.batchSize must be a positive integer',
    );
    await expect(trainRanker(data, data, { learningRate: 3e38, epochs: 2, patience: 1 })).rejects.toThrow(
      'training diverged: validation loss was never finite in 1 epochs',
    );
    const other = syntheticData({ rows: 50, seed: 1, numericWeights: [1, 2] });
    await expect(trainRanker(data, other)).rejects.toThrow('unexpected features: x1');
  });
});

/**
 * Groups of 6 rows: `x0` orders the rows within a group (the ranking signal), `xg` is the same on every row of
 * a group and moves its whole open rate (what a pointwise loss would also fit, a ranking loss cannot see).
 */
function groupedData(groups: number, seed: number) {
  const random = seededRandom(seed);
  const size = 6;
  const rows = groups * size;
  const x0 = new Float32Array(rows);
  const xg = new Float32Array(rows);
  const labels = new Uint8Array(rows);
  const ids = new Int32Array(rows);
  for (let g = 0; g < groups; g++) {
    const level = random() * 4 - 2;
    for (let k = 0; k < size; k++) {
      const r = g * size + k;
      x0[r] = random() * 4 - 2;
      xg[r] = level;
      ids[r] = 1000 + g;
      labels[r] = random() < 1 / (1 + Math.exp(-(2 * x0[r] + level - 1))) ? 1 : 0;
    }
  }
  return {
    specs: [
      { name: 'x0', type: 'numeric' as const },
      { name: 'xg', type: 'numeric' as const },
    ],
    columns: { x0, xg },
    labels,
    groups: ids,
  };
}

describe('trainRanker (ranking losses, ranking early stopping)', () => {
  const train = groupedData(600, 1);
  const validation = groupedData(200, 2);

  it.each(['pairwise', 'listwise'] as const)(
    'learns the within-group order with a %s loss and keeps the best validation NDCG@10',
    async (loss) => {
      const { ranker, history } = await trainRanker(train, validation, {
        type: 'mlp',
        hiddenSizes: [4],
        loss,
        epochs: 12,
        patience: 4,
        learningRate: 0.02,
        batchSize: 128,
      });
      expect(history.config.earlyStopping).toBe('ndcg');
      expect(history.trainGroups).toBeGreaterThan(400); // groups holding an open and a non-open
      expect(history.trainGroups).toBeLessThanOrEqual(600);
      expect(history.validationGroups).toBeGreaterThan(100);
      const ndcgs = history.epochs.map((e) => e.valNdcg);
      expect(history.bestMetric).toBe(Math.max(...ndcgs));
      expect(history.epochs[history.bestEpoch - 1].valNdcg).toBe(history.bestMetric);
      expect(history.bestMetric).toBeGreaterThan(0.8); // random order is ~0.65 on these groups
      expect(history.epochs.every((e) => e.valMap > 0 && e.valMap <= 1)).toBe(true);
      // The kept weights' NDCG@10 group by group, for paired comparisons: their mean is the best metric.
      expect(history.validationGroupNdcg).toHaveLength(history.validationGroups);
      const mean = history.validationGroupNdcg.reduce((a, b) => a + b, 0) / history.validationGroups;
      expect(Math.abs(mean - history.bestMetric)).toBeLessThan(1e-6);
      expect(history.parameters).toBe(2 * 4 + 4 + 4 + 1);
      ranker.dispose();
    },
  );

  it('leaves a feature that is constant within every group untouched by a listwise loss', async () => {
    const { buildNetwork } = await import('./network.js');
    const { ranker } = await trainRanker(train, validation, {
      type: 'logreg',
      loss: 'listwise',
      epochs: 3,
      learningRate: 0.05,
      seed: 9,
    });
    const initial = buildNetwork(2, [], 9).getLayer(LOGIT_LAYER).getWeights();
    const [kernel, bias] = ranker.model.getLayer(LOGIT_LAYER).getWeights();
    // Softmax over a group is blind to a shift of every logit: xg's weight and the bias get no gradient
    // (up to the float64 rounding of a sum that is zero, which Adam scales by 1 / (|g| + 1e-7)).
    expect(Math.abs(kernel.dataSync()[1] - initial[0].dataSync()[1])).toBeLessThan(1e-8);
    expect(Math.abs(bias.dataSync()[0] - initial[1].dataSync()[0])).toBeLessThan(1e-8);
    expect(Math.abs(kernel.dataSync()[0] - initial[0].dataSync()[0])).toBeGreaterThan(0.05);
    ranker.dispose();
  });

  it('early-stops on the configured metric', async () => {
    for (const earlyStopping of ['map', 'auc', 'loss'] as const) {
      const { history, ranker } = await trainRanker(train, validation, {
        earlyStopping,
        epochs: 4,
        learningRate: 0.02,
      });
      const values = history.epochs.map((e) =>
        earlyStopping === 'map' ? e.valMap : earlyStopping === 'auc' ? e.valAuc : e.valLoss,
      );
      expect(history.bestMetric).toBe(earlyStopping === 'loss' ? Math.min(...values) : Math.max(...values));
      ranker.dispose();
    }
    // Without validation groups the default is the validation loss, and NDCG is undefined.
    const { groups: _g, ...ungrouped } = validation;
    const { history, ranker } = await trainRanker(train, ungrouped, { epochs: 2 });
    expect(history.config.earlyStopping).toBe('loss');
    expect(history.validationGroups).toBe(0);
    expect(Number.isNaN(history.epochs[0].valNdcg)).toBe(true);
    ranker.dispose();
  });

  it('rejects a ranking loss or metric without groups, and an MLP without hidden layers', async () => {
    const { groups: _t, ...ungroupedTrain } = train;
    const { groups: _v, ...ungroupedValidation } = validation;
    await expect(trainRanker(ungroupedTrain, validation, { loss: 'pairwise' })).rejects.toThrow(
      'training data: a pairwise loss needs groups (one group id per row)',
    );
    await expect(trainRanker(train, ungroupedValidation, { earlyStopping: 'ndcg' })).rejects.toThrow(
      'validation data: early stopping on ndcg needs groups',
    );
    await expect(trainRanker(train, validation, { type: 'mlp', hiddenSizes: [] })).rejects.toThrow(
      'config.type mlp needs hiddenSizes',
    );
    const allPositive = { ...train, labels: new Uint8Array(train.labels.length).fill(1) };
    await expect(trainRanker(allPositive, validation, { loss: 'listwise' })).rejects.toThrow(
      'training data: no group holds both a positive and a negative (listwise loss)',
    );
  });
});

describe('networkFitter', () => {
  it('applies the same Adam update as TensorFlow.js autodiff of the sigmoid cross-entropy (MLP, cross)', async () => {
    const { buildNetwork, logitModel } = await import('./network.js');
    const { autodiffStep, networkFitter } = await import('./train.js');
    const { resolveConfig } = await import('./config.js');
    const width = 7;
    const m = 33;
    const random = seededRandom(3);
    const x = Float32Array.from({ length: m * width }, () => random() * 4 - 2);
    const y = Float32Array.from({ length: m }, () => (random() < 0.3 ? 1 : 0));
    const compact = {
      rows: m,
      numericSlots: Int32Array.from({ length: width }, (_, s) => s),
      numeric: x,
      blockStarts: new Int32Array(0),
      hot: new Int32Array(0),
    };
    const shapes = [
      { type: 'mlp' as const, hiddenSizes: [5, 3] },
      { type: 'cross' as const, hiddenSizes: [3], crossLayers: 2, crossRank: 2 },
    ];
    for (const shape of shapes) {
      for (const l2 of [0, 0.01]) {
        const config = resolveConfig({ ...shape, l2, learningRate: 0.05, batchSize: m });
        const cross = { layers: config.crossLayers, rank: config.crossRank };
        const a = buildNetwork(width, config.hiddenSizes, 5, cross);
        const b = buildNetwork(width, config.hiddenSizes, 5, cross);
        const fitter = networkFitter(a, config, compact, compact, y);
        const stepB = autodiffStep(b, logitModel(b), tf.train.adam(0.05), l2);
        const order = Int32Array.from({ length: m }, (_, i) => i);
        const input = tf.tensor2d(x, [m, width]);
        for (let s = 0; s < 3; s++) {
          const lossA = fitter.step(order, 0, m, Int32Array.of(0, m));
          const lossB = stepB(input, y, m);
          expect(Math.abs(lossA - lossB) / m).toBeLessThan(1e-5);
        }
        input.dispose();
        fitter.restore(fitter.snapshot());
        const wb = b.getWeights().flatMap((w) => Array.from(w.dataSync()));
        const wa = a.getWeights().flatMap((w) => Array.from(w.dataSync()));
        expect(wa.length).toBe(wb.length);
        for (const [i, v] of wa.entries()) expect(Math.abs(v - wb[i])).toBeLessThan(1e-4);
        const initial = buildNetwork(width, config.hiddenSizes, 5, cross).getWeights()[0].dataSync();
        expect(Array.from(a.getWeights()[0].dataSync()).some((v, i) => Math.abs(v - initial[i]) > 1e-3)).toBe(
          true,
        );
      }
    }
  });
});

describe('linearStep', () => {
  it('applies the same Adam update as automatic differentiation of the sigmoid cross-entropy', async () => {
    const { buildNetwork, logitModel } = await import('./network.js');
    const { autodiffStep, linearStep, linearWeightsOf } = await import('./train.js');
    const width = 7;
    const m = 33;
    const random = seededRandom(3);
    const x = Float32Array.from({ length: m * width }, () => random() * 4 - 2);
    const y = Float32Array.from({ length: m }, () => (random() < 0.3 ? 1 : 0));
    for (const l2 of [0, 0.01]) {
      const a = buildNetwork(width, [], 5);
      const b = buildNetwork(width, [], 5);
      // Dense random inputs as compact rows: every slot numeric, no one-hot block.
      const compact = {
        rows: m,
        numericSlots: Int32Array.from({ length: width }, (_, s) => s),
        numeric: x,
        blockStarts: new Int32Array(0),
        hot: new Int32Array(0),
      };
      const order = Int32Array.from({ length: m }, (_, i) => i); // one epoch of one batch
      const weightsA = linearWeightsOf(a);
      const stepA = linearStep(weightsA, new Float32Adam([width, 1], { learningRate: 0.05 }), l2, compact, y);
      const stepB = autodiffStep(b, logitModel(b), tf.train.adam(0.05), l2);
      const input = tf.tensor2d(x, [m, width]);
      for (let s = 0; s < 3; s++) {
        const lossA = stepA(order, 0, m);
        const lossB = stepB(input, y, m);
        expect(Math.abs(lossA - lossB) / m).toBeLessThan(1e-5);
      }
      input.dispose();
      const wa = [Array.from(weightsA.kernel), Array.from(weightsA.bias)];
      const wb = b.getWeights().map((w) => Array.from(w.dataSync()));
      const flatB = wb.flat();
      for (const [i, v] of wa.flat().entries()) expect(Math.abs(v - flatB[i])).toBeLessThan(1e-5);
      // And the steps moved the weights (the comparison is not between two untouched networks).
      const initial = buildNetwork(width, [], 5);
      const start = initial.getWeights()[0].dataSync();
      expect(wa[0].some((v, i) => Math.abs(v - start[i]) > 1e-3)).toBe(true);
      initial.dispose();
    }
  });

  it('matches automatic differentiation with one-hot blocks, rows read through a shuffled order', async () => {
    const { buildNetwork, logitModel } = await import('./network.js');
    const { autodiffStep, linearStep, linearWeightsOf } = await import('./train.js');
    // 5 numeric slots, then two one-hot blocks of 3 slots; 41 rows, steps over 2 odd-sized batches.
    const numericWidth = 5;
    const width = 11;
    const rows = 41;
    const random = seededRandom(11);
    const numeric = Float32Array.from({ length: rows * numericWidth }, () => random() * 4 - 2);
    const hot = Int32Array.from(
      { length: rows * 2 },
      (_, i) => (i % 2 === 0 ? 5 : 8) + Math.floor(random() * 3),
    );
    const y = Float32Array.from({ length: rows }, () => (random() < 0.3 ? 1 : 0));
    const compact = {
      rows,
      numericSlots: Int32Array.from({ length: numericWidth }, (_, s) => s),
      numeric,
      blockStarts: Int32Array.of(5, 8),
      hot,
    };
    const order = shuffleInPlace(
      Int32Array.from({ length: rows }, (_, i) => i),
      seededRandom(5),
    );
    const dense = (from: number, m: number) => {
      const x = new Float32Array(m * width);
      for (let k = 0; k < m; k++) {
        const r = order[from + k];
        for (let j = 0; j < numericWidth; j++) x[k * width + j] = numeric[r * numericWidth + j];
        x[k * width + hot[2 * r]] = 1;
        x[k * width + hot[2 * r + 1]] = 1;
      }
      return x;
    };
    const a = buildNetwork(width, [], 5);
    const b = buildNetwork(width, [], 5);
    const weightsA = linearWeightsOf(a);
    const stepA = linearStep(weightsA, new Float32Adam([width, 1], { learningRate: 0.05 }), 0, compact, y);
    const stepB = autodiffStep(b, logitModel(b), tf.train.adam(0.05), 0);
    for (const [from, m] of [
      [0, 21],
      [21, 19],
      [40, 1],
    ]) {
      const input = tf.tensor2d(dense(from, m), [m, width]);
      const labels = Float32Array.from({ length: m }, (_, k) => y[order[from + k]]);
      const lossA = stepA(order, from, m);
      const lossB = stepB(input, labels, m);
      input.dispose();
      expect(Math.abs(lossA - lossB) / m).toBeLessThan(1e-5);
    }
    const flatB = b.getWeights().flatMap((w) => Array.from(w.dataSync()));
    for (const [i, v] of [...weightsA.kernel, ...weightsA.bias].entries())
      expect(Math.abs(v - flatB[i])).toBeLessThan(1e-5);
  });
});
