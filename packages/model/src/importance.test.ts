import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearWeights, permutationImportance } from './importance.js';
import type { Ranker } from './ranker.js';
import { syntheticData } from './testing/synthetic-data.js';
import { trainRanker } from './train.js';
import type { FeatureColumns } from './types.js';

const truth = {
  numericWeights: [2, 0, -0.7],
  categories: [{ values: ['FR', 'BE', 'CH'], weights: [0.8, -0.8, 0] }],
  bias: -1,
};
const train = syntheticData({ rows: 4_000, seed: 31, ...truth });
const validation = syntheticData({ rows: 2_000, seed: 32, ...truth });
let linear: Ranker;
let mlp: Ranker;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const config = { epochs: 8, learningRate: 0.05, seed: 3 };
  linear = (await trainRanker(train, validation, config)).ranker;
  mlp = (await trainRanker(train, validation, { ...config, hiddenSizes: [4] })).ranker;
});
afterAll(() => {
  linear.dispose();
  mlp.dispose();
});

describe('permutationImportance', () => {
  it('ranks the features by how much the model relies on them; a useless one scores about 0', () => {
    const result = permutationImportance((c: FeatureColumns) => linear.score(c), validation, { repeats: 2 });
    const by = Object.fromEntries(result.features.map((f) => [f.feature, f]));
    expect(result.features.map((f) => f.feature)).toEqual(['x0', 'x1', 'x2', 'c0']);
    expect(by.x0.logLossIncrease.mean).toBeGreaterThan(by.x2.logLossIncrease.mean);
    expect(by.x2.logLossIncrease.mean).toBeGreaterThan(by.x1.logLossIncrease.mean);
    expect(by.c0.aucDrop.mean).toBeGreaterThan(0.01);
    expect(Math.abs(by.x1.logLossIncrease.mean)).toBeLessThan(0.005);
    expect(by.x0.aucDrop.min).toBeLessThanOrEqual(by.x0.aucDrop.mean);
    expect(by.x0.groupAucDrop.mean).toBeNaN(); // no groups given
    expect(result.baseline.auc).toBeGreaterThan(0.7);
  });

  it('is seeded, works through any score function (an MLP), and measures within-group AUC', () => {
    // Groups of 10 consecutive rows.
    const n = validation.labels.length;
    const offsets = Int32Array.from({ length: n / 10 + 1 }, (_, g) => g * 10);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const run = () =>
      permutationImportance((c: FeatureColumns) => mlp.score(c), validation, {
        repeats: 1,
        seed: 5,
        groups: { offsets, rows },
      });
    const a = run();
    expect(run()).toEqual(a);
    const x0 = a.features.find((f) => f.feature === 'x0');
    expect(x0?.groupAucDrop.mean).toBeGreaterThan(0.05);
    expect(a.baseline.groupAuc).toBeGreaterThan(0.6);
  });
});

describe('Ranker.replacingScorer', () => {
  const rows = validation.labels.length;
  const offsets = Int32Array.from({ length: rows / 10 + 1 }, (_, g) => g * 10);
  const groups = { offsets, rows: Int32Array.from({ length: rows }, (_, i) => i) };

  it("gives the linear model's scores with one column replaced, and the same importance as full rescoring", () => {
    const replacing = linear.replacingScorer(validation.columns);
    const reversed = (c: FeatureColumns[string]) =>
      'codes' in c ? { codes: c.codes.slice().reverse(), dictionary: c.dictionary } : c.slice().reverse();
    for (const spec of validation.specs) {
      const column = reversed(validation.columns[spec.name]);
      const expected = linear.score({ ...validation.columns, [spec.name]: column });
      const actual = replacing(spec.name, column);
      for (let i = 0; i < rows; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-6);
    }
    const options = { repeats: 2, seed: 9, groups };
    const full = permutationImportance((c: FeatureColumns) => linear.score(c), validation, options);
    const fast = permutationImportance((c: FeatureColumns) => linear.score(c), validation, {
      ...options,
      scoreReplacing: replacing,
    });
    expect(fast.baseline).toEqual(full.baseline);
    full.features.forEach((f, j) => {
      const g = fast.features[j];
      expect(g.feature).toBe(f.feature);
      for (const key of ['logLossIncrease', 'aucDrop', 'groupAucDrop'] as const)
        for (const stat of ['mean', 'min', 'max'] as const)
          expect(Math.abs(g[key][stat] - f[key][stat])).toBeLessThan(1e-6);
    });
  });

  it('rescores through score where the shortcut does not apply: an MLP, a bad value, another length', () => {
    const mlpReplacing = mlp.replacingScorer(validation.columns);
    const x0 = (validation.columns.x0 as Float32Array).slice().reverse();
    expect(mlpReplacing('x0', x0)).toEqual(mlp.score({ ...validation.columns, x0 }));
    const replacing = linear.replacingScorer(validation.columns);
    const infinite = (validation.columns.x1 as Float32Array).slice();
    infinite[3] = Number.POSITIVE_INFINITY;
    expect(() => replacing('x1', infinite)).toThrow('expected a finite number or NaN, got Infinity');
    expect(() => replacing('x1', new Float32Array(3))).toThrow();
    const unseen = { codes: new Int32Array(rows).fill(9), dictionary: ['FR'] };
    expect(() => replacing('c0', unseen)).toThrow('outside its dictionary');
  });
});

describe('linearWeights', () => {
  it("gives each input slot's weight, the signs of the true weights, and null for an MLP", () => {
    const out = linearWeights(linear);
    expect(out).not.toBeNull();
    const w = Object.fromEntries(out!.weights.map((s) => [s.slot, s.weight]));
    expect(w.x0).toBeGreaterThan(1);
    expect(w.x2).toBeLessThan(-0.3);
    expect(Math.abs(w.x1)).toBeLessThan(0.2);
    expect(w['c0=FR']).toBeGreaterThan(w['c0=BE']);
    expect(out!.weights.every((s) => s.slot.startsWith(s.feature))).toBe(true);
    // Numeric slots read as is; a category's slots relative to its frequency-weighted mean (which is 0).
    const slots = Object.fromEntries(out!.weights.map((s) => [s.slot, s]));
    expect(slots.x0.relativeWeight).toBe(slots.x0.weight);
    const c0 = out!.weights.filter((s) => s.feature === 'c0');
    const c0Preprocessing = linear.preprocessing.features[3];
    if (c0Preprocessing.type !== 'categorical') throw new Error('c0 should be categorical');
    const counts = [
      ...c0Preprocessing.counts,
      c0Preprocessing.outOfVocabularyCount,
      c0Preprocessing.missingCount,
    ];
    const mean =
      c0.reduce((sum, s, j) => sum + counts[j] * s.relativeWeight, 0) / counts.reduce((a, b) => a + b);
    expect(mean).toBeCloseTo(0, 6);
    expect(slots['c0=FR'].relativeWeight - slots['c0=BE'].relativeWeight).toBeCloseTo(
      slots['c0=FR'].weight - slots['c0=BE'].weight,
      6,
    );
    expect(linearWeights(mlp)).toBeNull();
  });
});
