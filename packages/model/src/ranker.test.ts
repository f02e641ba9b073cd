import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFeatures } from './encode.js';
import { FeatureSchemaError } from './feature-schema.js';
import { logitModel } from './network.js';
import { inputLayout } from './preprocessing.js';
import type { Ranker } from './ranker.js';
import { selectRows } from './select-rows.js';
import { syntheticData } from './testing/synthetic-data.js';
import { trainRanker } from './train.js';
import type { CategoricalColumn, FeatureColumns } from './types.js';

const truth = {
  numericWeights: [1, -0.5, 0.25],
  categories: [{ values: ['FR', 'BE', 'CH', 'rare'], weights: [0.3, -0.2, 0.1, 0] }],
  bias: -1,
  missingShare: 0.05,
};
const train = syntheticData({ rows: 3_000, seed: 21, ...truth });
const validation = syntheticData({ rows: 1_000, seed: 22, ...truth });
let linear: Ranker;
let mlp: Ranker;
let cross: Ranker;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const config = { epochs: 4, learningRate: 0.02, seed: 3 };
  linear = (await trainRanker(train, validation, config)).ranker;
  mlp = (await trainRanker(train, validation, { ...config, hiddenSizes: [6] })).ranker;
  cross = (await trainRanker(train, validation, { ...config, type: 'cross', crossRank: 3, hiddenSizes: [] }))
    .ranker;
});
afterAll(() => {
  linear.dispose();
  mlp.dispose();
  cross.dispose();
});

const logit = (p: number) => Math.log(p / (1 - p));
/** One row of every feature, with the given category (its own one-value dictionary) and numeric values. */
function oneRow(category: string | null, x: [number, number, number] = [0, 0, 0]): FeatureColumns {
  return {
    x0: new Float64Array([x[0]]),
    x1: new Float64Array([x[1]]),
    x2: new Float64Array([x[2]]),
    c0: {
      codes: new Int32Array([category === null ? -1 : 0]),
      dictionary: category === null ? [] : [category],
    },
  };
}

describe('Ranker.score', () => {
  it('returns one probability in (0, 1) per row as a Float32Array', () => {
    const scores = linear.score(validation.columns);
    expect(scores).toBeInstanceOf(Float32Array);
    expect(scores.length).toBe(1_000);
    for (const s of scores) expect(s > 0 && s < 1).toBe(true);
  });

  it('scores a row the same alone, in any batch and with any batch size: no statistic is recomputed', () => {
    const all = linear.score(validation.columns);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        (rows, batchRows) => {
          const subset = linear.contributions(validation.columns, rows); // gathers rows via the same encoder
          const pick = (name: string) => {
            const column = validation.columns[name];
            if ('codes' in column)
              return { codes: Int32Array.from(rows, (r) => column.codes[r]), dictionary: column.dictionary };
            return Float32Array.from(rows, (r) => (column as Float32Array)[r]);
          };
          const cols = Object.fromEntries(['x0', 'x1', 'x2', 'c0'].map((n) => [n, pick(n)]));
          const scores = linear.score(cols, { batchRows });
          rows.forEach((r, k) => {
            expect(scores[k]).toBe(all[r]);
            expect(Math.abs(subset.logits[k] - logit(all[r]))).toBeLessThan(1e-4);
          });
        },
      ),
      { numRuns: 25, seed: 5 },
    );
  });

  it('folds the linear model exactly: the JS path matches the TensorFlow.js graph within 1e-6', () => {
    const folded = linear.score(validation.columns, { path: 'folded' });
    const graph = linear.score(validation.columns, { path: 'graph' });
    expect(linear.score(validation.columns)).toEqual(folded); // auto folds the linear model
    let max = 0;
    for (let i = 0; i < folded.length; i++) max = Math.max(max, Math.abs(folded[i] - graph[i]));
    expect(max).toBeLessThanOrEqual(1e-6);
    const unseen = oneRow('XX', [Number.NaN, 3, -1]);
    expect(
      Math.abs(linear.score(unseen, { path: 'folded' })[0] - linear.score(unseen, { path: 'graph' })[0]),
    ).toBeLessThan(1e-6);
    expect(() => mlp.score(validation.columns, { path: 'folded' })).toThrow(
      'the folded path needs the linear model',
    );
  });

  it('scores non-linear models in JS within 1e-5 of the graph, also where columns repeat over whole tiles', async () => {
    // Candidate chunks repeat the user's features over her group: constant columns are hoisted per tile.
    const n = 1_200;
    const wave = (i: number) => Math.sin(i * 12.9898) * 0.5;
    const columns = {
      x0: Float32Array.from({ length: n }, (_, i) => (i < 600 ? 3 : -1)),
      x1: Float32Array.from({ length: n }, (_, i) =>
        i < 300 ? Number.NaN : i % 7 === 0 ? Number.NaN : wave(i) * 10,
      ),
      x2: Float32Array.from({ length: n }, (_, i) => wave(i + 5) * 4),
      c0: {
        codes: Int32Array.from({ length: n }, (_, i) => (i < 700 ? 1 : i % 9 === 0 ? -1 : i % 4)),
        dictionary: ['FR', 'BE', 'CH', 'XX'],
      },
    };
    // One hidden layer (logit inline), one cross layer (two projections), two hidden layers (dense tail).
    const { ranker: deep } = await trainRanker(train, validation, { epochs: 2, hiddenSizes: [5, 3] });
    for (const ranker of [mlp, cross, deep]) {
      const js = ranker.score(columns, { path: 'js' });
      const graph = ranker.score(columns, { path: 'graph' });
      let max = 0;
      for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(js[i] - graph[i]));
      expect(max).toBeLessThanOrEqual(1e-5);
    }
    deep.dispose();
  });

  it("rejects invalid values on the JS path of a non-linear model with the encoder's messages", () => {
    for (const ranker of [mlp, cross]) {
      expect(() => ranker.score(oneRow('FR', [Number.POSITIVE_INFINITY, 0, 0]), { path: 'js' })).toThrow(
        'scoring data: feature "x0" row 0: expected a finite number or NaN, got Infinity',
      );
      const badCode = { ...oneRow('FR'), c0: { codes: new Int32Array([4]), dictionary: ['FR'] } };
      expect(() => ranker.score(badCode, { path: 'js' })).toThrow(
        'feature "c0" row 0: code 4 is outside its dictionary (1 values)',
      );
    }
  });

  it('does not depend on the order of the caller dictionary (categories are matched by value)', () => {
    const c0 = validation.columns.c0 as CategoricalColumn;
    const reversed = [...c0.dictionary].reverse();
    const remapped: CategoricalColumn = {
      codes: c0.codes.map((c) => reversed.indexOf(c0.dictionary[c])),
      dictionary: reversed,
    };
    expect(linear.score({ ...validation.columns, c0: remapped })).toEqual(linear.score(validation.columns));
  });

  it('maps unseen categories to the out-of-vocabulary slot, which contributes nothing when train never used it', () => {
    const features = linear.preprocessing.features[3];
    expect(features.type === 'categorical' && features.vocabulary).toEqual(
      expect.arrayContaining(['FR', 'BE', 'CH', 'rare']),
    );
    const unseen = linear.contributions(oneRow('XX'), [0]);
    expect(unseen.values[3]).toBe(0);
    const [p] = linear.score(oneRow('XX'));
    expect(Number.isFinite(p)).toBe(true);
    // Two different unseen values score the same; a known value scores differently.
    expect(linear.score(oneRow('YY'))[0]).toBe(p);
    expect(linear.score(oneRow('FR'))[0]).not.toBe(p);
    expect(mlp.score(oneRow('XX'))[0]).toBe(mlp.score(oneRow('YY'))[0]);
  });

  it('sends rare training categories to the OOV slot, so unseen values share what rare ones taught', async () => {
    const data = syntheticData({ rows: 2_000, seed: 30, ...truth });
    const { ranker } = await trainRanker(data, validation, { epochs: 2, minCategoryCount: 600 });
    const c0 = ranker.preprocessing.features[3];
    expect(c0.type === 'categorical' && c0.outOfVocabularyCount).toBeGreaterThan(0);
    expect(ranker.contributions(oneRow('XX'), [0]).values[3]).not.toBe(0);
    ranker.dispose();
  });

  it('imputes missing values with the training mean and sets the missing indicator', () => {
    const x0 = linear.preprocessing.features[0];
    if (x0.type !== 'numeric') throw new Error('expected numeric');
    expect(x0.missingIndicator).toBe(true);
    const missing = linear.contributions(oneRow('FR', [Number.NaN, 0, 0]), [0]);
    const atMean = linear.contributions(oneRow('FR', [x0.mean, 0, 0]), [0]);
    expect(missing.values[0]).not.toBe(atMean.values[0]); // indicator weight
    expect(Math.abs(atMean.values[0])).toBeLessThan(1e-6);
    for (const path of ['graph', 'folded'] as const) {
      expect(() => linear.score(oneRow('FR', [Number.POSITIVE_INFINITY, 0, 0]), { path })).toThrow(
        'scoring data: feature "x0" row 0: expected a finite number or NaN, got Infinity',
      );
    }
    expect(() => linear.score(oneRow('FR', [Number.NEGATIVE_INFINITY, 0, 0]))).toThrow(
      'scoring data: feature "x0" row 0: expected a finite number or NaN, got -Infinity',
    );
    const badCode = { ...oneRow('FR'), c0: { codes: new Int32Array([4]), dictionary: ['FR'] } };
    expect(() => linear.score(badCode)).toThrow(
      'feature "c0" row 0: code 4 is outside its dictionary (1 values)',
    );
  });

  it('fails with a message naming missing, unexpected and retyped features', () => {
    const { x1, ...withoutX1 } = validation.columns;
    const bad = { ...withoutX1, x2: validation.columns.c0, unknown: new Float32Array(1_000) };
    let error: unknown;
    try {
      linear.score(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FeatureSchemaError);
    const message = (error as Error).message;
    expect(message).toContain('missing features: x1');
    expect(message).toContain('unexpected features: unknown');
    expect(message).toContain('retyped features: x2 (expected numeric, got categorical)');
    expect(() =>
      linear.score({ ...validation.columns, id: new Int32Array(1_000) }, { allowUnexpected: true }),
    ).not.toThrow();
    expect(() => linear.score({ ...validation.columns, x0: new Float32Array(3) })).toThrow(
      'column "x1" has 1000 rows, expected 3 like "x0"',
    );
  });
});

describe('tensor memory', () => {
  it('scoring, explaining and training leave no tensor behind', async () => {
    const before = tf.memory().numTensors;
    linear.score(validation.columns, { path: 'graph' });
    mlp.score(validation.columns);
    mlp.contributions(validation.columns, [0, 1, 2]);
    linear.contributions(validation.columns, [0]);
    expect(tf.memory().numTensors).toBe(before);
    const { ranker } = await trainRanker(train, validation, { epochs: 2, hiddenSizes: [3], l2: 0.01 });
    ranker.dispose();
    const { ranker: lr } = await trainRanker(train, validation, { epochs: 2, l2: 0.01 });
    lr.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Ranker.rank', () => {
  it('ranks within groups by score, ties broken by the tie key ascending', () => {
    // Group 0: rows 0-2 identical features (tie) ; group 1: rows 3-4.
    const columns = {
      x0: new Float64Array([0, 0, 0, 2, -2]),
      x1: new Float64Array(5),
      x2: new Float64Array(5),
      c0: { codes: new Int32Array([0, 0, 0, 0, 0]), dictionary: ['FR'] },
    };
    const ranks = linear.rank(new Int32Array([0, 3, 5]), columns, new Float64Array([9, 4, 7, 0, 1]));
    const w0 = linear.contributions(columns, [3]).values[0];
    expect(Array.from(ranks.subarray(0, 3))).toEqual([3, 1, 2]);
    expect(Array.from(ranks.subarray(3))).toEqual(w0 > 0 ? [1, 2] : [2, 1]);
  });
});

describe('Ranker.contributions', () => {
  it('is exact for the linear model: bias + contributions = logit', () => {
    const rows = [0, 5, 17, 999];
    const c = linear.contributions(validation.columns, rows);
    expect(c.method).toBe('exact');
    expect(c.features).toEqual(['x0', 'x1', 'x2', 'c0']);
    const scores = linear.score(validation.columns);
    rows.forEach((r, k) => {
      let sum = c.bias[k];
      for (let j = 0; j < 4; j++) sum += c.values[k * 4 + j];
      expect(Math.abs(sum - c.logits[k])).toBeLessThan(1e-5);
      expect(Math.abs(c.logits[k] - logit(scores[r]))).toBeLessThan(1e-4);
    });
  });

  it('explains non-linear models by occlusion: each value is the logit drop when the feature is zeroed', () => {
    const rows = [1, 2, 40];
    for (const ranker of [mlp, cross]) {
      const c = ranker.contributions(validation.columns, rows);
      expect(c.method).toBe('occlusion');
      const scores = ranker.score(validation.columns);
      const pre = ranker.preprocessing;
      rows.forEach((r, k) => {
        // bias is the residual: bias + sum(values) = logit.
        let sum = c.bias[k];
        for (let j = 0; j < 4; j++) sum += c.values[k * 4 + j];
        expect(Math.abs(sum - c.logits[k])).toBeLessThan(1e-5);
        expect(Math.abs(c.logits[k] - logit(scores[r]))).toBeLessThan(1e-4);
        // Re-scoring: a numeric feature zeroed is the feature at its training mean, not missing.
        for (let j = 0; j < 3; j++) {
          const feature = pre.features[j];
          if (feature.type !== 'numeric') throw new Error('expected numeric');
          const x = [0, 1, 2].map((i) => (validation.columns[`x${i}`] as Float32Array)[r]) as [
            number,
            number,
            number,
          ];
          x[j] = feature.mean;
          const category = (validation.columns.c0 as CategoricalColumn).dictionary[
            (validation.columns.c0 as CategoricalColumn).codes[r]
          ];
          const rescored = logit(ranker.score(oneRow(category, x))[0]);
          expect(Math.abs(c.logits[k] - c.values[k * 4 + j] - rescored)).toBeLessThan(1e-4);
        }
        // A category in no slot is not a raw value: re-score the encoded row with its block zeroed in the graph.
        const { matrix, width } = encodeFeatures(
          pre,
          selectRows(pre.featureSpecs, validation.columns, [r], false),
        );
        const layout = inputLayout(pre);
        matrix.fill(0, layout.offsets[3], layout.offsets[3] + layout.sizes[3]);
        const graph = tf.tidy(
          () => (logitModel(ranker.model).apply(tf.tensor2d(matrix, [1, width])) as tf.Tensor).dataSync()[0],
        );
        expect(Math.abs(c.logits[k] - c.values[k * 4 + 3] - graph)).toBeLessThan(1e-5);
      });
    }
    expect(() => mlp.contributions(validation.columns, [1000])).toThrow('row 1000 outside 0..999');
  });

  it("gives by occlusion exactly the linear model's exact contributions", () => {
    const rows = [0, 7, 300];
    const exact = linear.contributions(validation.columns, rows);
    const occlusion = linear.contributions(validation.columns, rows, { method: 'occlusion' });
    expect(occlusion.method).toBe('occlusion');
    for (let i = 0; i < exact.values.length; i++)
      expect(Math.abs(occlusion.values[i] - exact.values[i])).toBeLessThan(1e-5);
    for (let k = 0; k < rows.length; k++)
      expect(Math.abs(occlusion.bias[k] - exact.bias[k])).toBeLessThan(1e-5);
  });
});
