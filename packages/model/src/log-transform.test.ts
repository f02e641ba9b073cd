import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@wemoms/data-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFeatures } from './encode.js';
import { fitPreprocessing, log1pValue, type NumericFeaturePreprocessing } from './preprocessing.js';
import { trainRanker } from './train.js';
import type { FeatureColumns, FeatureSpec, LabelledData } from './types.js';

const specs: FeatureSpec[] = [
  { name: 'views', type: 'numeric' }, // a heavy-tailed count
  { name: 'week', type: 'numeric' }, // roughly symmetric
  { name: 'gap', type: 'numeric' }, // heavy-tailed but signed
  { name: 'flag', type: 'numeric' }, // 0/1
  { name: 'stage', type: 'categorical' },
];

/** A frame whose label depends on ln(1 + views): what a saturating count effect looks like. */
function frame(rows: number, seed: number): LabelledData {
  const random = seededRandom(seed);
  const views = new Float32Array(rows);
  const week = new Float32Array(rows);
  const gap = new Float32Array(rows);
  const flag = new Uint8Array(rows);
  const codes = new Int32Array(rows);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    // Log-normal counts: most rows see a few, a few rows thousands.
    views[i] = Math.floor(Math.exp(2.2 * (random() + random() + random() - 1.5) * 1.4));
    if (random() < 0.1) views[i] = Number.NaN;
    week[i] = 20 + 10 * (random() - 0.5);
    gap[i] = (random() < 0.5 ? -1 : 1) * Math.exp(3 * random());
    flag[i] = random() < 0.3 ? 1 : 0;
    codes[i] = Math.floor(random() * 3);
    const v = Number.isNaN(views[i]) ? 1 : Math.log1p(views[i]);
    const z = -1.5 + 0.8 * v + 0.5 * flag[i] + 0.05 * (week[i] - 20);
    labels[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const columns: FeatureColumns = {
    views,
    week,
    gap,
    flag,
    stage: { codes, dictionary: ['mom', 'pregnant', 'trying'] },
  };
  return { specs, columns, labels };
}

const numeric = (pre: ReturnType<typeof fitPreprocessing>, name: string) =>
  pre.features.find((f) => f.name === name) as NumericFeaturePreprocessing;

describe('logTransform', () => {
  const data = frame(4_000, 5);

  it('takes ln(1 + v) of heavy-tailed non-negative features only, and of none with logTransform none', () => {
    const pre = fitPreprocessing(specs, data.columns, 'cpu', { logTransform: 'auto' });
    expect(numeric(pre, 'views').transform).toBe('log1p');
    expect(numeric(pre, 'week').transform).toBe('none');
    expect(numeric(pre, 'gap').transform).toBe('none'); // negative values: not a count
    expect(numeric(pre, 'flag').transform).toBe('none'); // 0/1 never exceeds 1
    // The default is none (see PreprocessingOptions.logTransform for the measurement).
    for (const off of [
      fitPreprocessing(specs, data.columns, 'cpu', { logTransform: 'none' }),
      fitPreprocessing(specs, data.columns, 'cpu'),
    ])
      expect(off.features.every((f) => f.type !== 'numeric' || f.transform === 'none')).toBe(true);
  });

  it('standardises the transformed values: their mean and std are the saved statistics', () => {
    const pre = fitPreprocessing(specs, data.columns, 'cpu', { logTransform: 'auto' });
    const views = data.columns.views as Float32Array;
    const logs = Array.from(views)
      .filter((v) => !Number.isNaN(v))
      .map((v) => Math.fround(Math.log1p(v)));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const std = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    const f = numeric(pre, 'views');
    expect(f.mean).toBeCloseTo(mean, 9);
    expect(f.std).toBeCloseTo(std, 9);
    const { matrix, width } = encodeFeatures(pre, data.columns);
    for (const i of [0, 1, 2, 17, 999]) {
      const v = views[i];
      if (Number.isNaN(v)) expect(matrix[i * width]).toBe(0);
      else expect(matrix[i * width]).toBeCloseTo((Math.fround(Math.log1p(v)) - mean) / std, 5);
    }
  });

  it('maps a value below the training range to 0 and keeps NaN missing and ±Infinity invalid', () => {
    expect(log1pValue(-3)).toBe(0);
    expect(log1pValue(0)).toBe(0);
    expect(log1pValue(Math.E - 1)).toBeCloseTo(1, 6);
    expect(Number.isNaN(log1pValue(Number.NaN))).toBe(true);
    expect(log1pValue(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(log1pValue(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    const pre = fitPreprocessing(specs, data.columns, 'cpu', { logTransform: 'auto' });
    const row = (views: number): FeatureColumns => ({
      views: new Float32Array([views]),
      week: new Float32Array([20]),
      gap: new Float32Array([0]),
      flag: new Uint8Array([0]),
      stage: { codes: new Int32Array([0]), dictionary: ['mom'] },
    });
    expect(encodeFeatures(pre, row(-5)).matrix[0]).toBe(encodeFeatures(pre, row(0)).matrix[0]);
    expect(() => encodeFeatures(pre, row(Number.POSITIVE_INFINITY))).toThrow('expected a finite number');
    expect(() => encodeFeatures(pre, row(Number.NEGATIVE_INFINITY))).toThrow('expected a finite number');
  });

  describe('every scoring path agrees on transformed features', () => {
    const validation = frame(1_500, 6);
    beforeAll(async () => {
      await tf.setBackend('cpu');
    });

    it('linear (folded), MLP and cross networks (fused and compact) in JS match the graph', async () => {
      const configs = [
        { type: 'logreg' as const },
        { type: 'mlp' as const, hiddenSizes: [5] },
        { type: 'cross' as const, crossRank: 3, hiddenSizes: [] },
        { type: 'cross' as const, crossLayers: 2, crossRank: 3, hiddenSizes: [4] },
      ];
      for (const config of configs) {
        const { ranker } = await trainRanker(data, validation, {
          ...config,
          logTransform: 'auto',
          epochs: 3,
          learningRate: 0.02,
          seed: 3,
        });
        expect((ranker.preprocessing.features[0] as NumericFeaturePreprocessing).transform).toBe('log1p');
        const js = ranker.score(validation.columns, { path: 'js' });
        const graph = ranker.score(validation.columns, { path: 'graph' });
        let max = 0;
        for (let i = 0; i < js.length; i++) max = Math.max(max, Math.abs(js[i] - graph[i]));
        expect(max).toBeLessThanOrEqual(config.type === 'logreg' ? 1e-6 : 1e-5);
        // The second call reuses the transformed buffers: the same scores.
        expect(ranker.score(validation.columns, { path: 'js' })).toEqual(js);
        const rows = Int32Array.from([0, 3, 7]);
        const c = ranker.contributions(validation.columns, rows);
        for (let r = 0; r < rows.length; r++) {
          const p = graph[rows[r]];
          expect(Math.abs(c.logits[r] - Math.log(p / (1 - p)))).toBeLessThan(1e-4);
        }
        ranker.dispose();
      }
    });

    it('a count effect that saturates is learned better on the log scale', async () => {
      const withLog = await trainRanker(data, validation, {
        epochs: 8,
        learningRate: 0.02,
        seed: 3,
        logTransform: 'auto',
      });
      const without = await trainRanker(data, validation, { epochs: 8, learningRate: 0.02, seed: 3 });
      const best = (h: typeof withLog.history) => Math.min(...h.epochs.map((e) => e.valLoss));
      expect(best(withLog.history)).toBeLessThan(best(without.history));
      withLog.ranker.dispose();
      without.ranker.dispose();
    });
  });
});
