import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFeatures } from './encode.js';
import { fitPreprocessing, inputLayout } from './preprocessing.js';
import type { FeatureColumns, FeatureSpec } from './types.js';

const specs: FeatureSpec[] = [
  { name: 'age', type: 'numeric' },
  { name: 'flag', type: 'numeric' },
  { name: 'country', type: 'categorical' },
];

/** Random frames: a float column with NaNs, a 0/1 column, a category over a small alphabet with nulls. */
const frame = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.record({
    age: fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(Number.NaN)), {
      minLength: n,
      maxLength: n,
    }),
    flag: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
    country: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: n, maxLength: n }),
  }),
);
const toColumns = (f: { age: number[]; flag: number[]; country: number[] }): FeatureColumns => ({
  age: Float64Array.from(f.age),
  flag: Uint8Array.from(f.flag),
  country: { codes: Int32Array.from(f.country), dictionary: ['FR', 'BE', 'CH', 'FR'] }, // 'FR' spelled twice
});

describe('fitPreprocessing + encodeFeatures', () => {
  it('standardises training values to mean 0 / std 1, flags missing values, one-hots categories', () => {
    fc.assert(
      fc.property(frame, (f) => {
        const columns = toColumns(f);
        const pre = fitPreprocessing(specs, columns, 'cpu', { minCategoryCount: 1 });
        const { matrix, width, rows } = encodeFeatures(pre, columns);
        const layout = inputLayout(pre);
        let sum = 0;
        let squares = 0;
        let count = 0;
        for (let i = 0; i < rows; i++) {
          const z = matrix[i * width];
          const missing = Number.isNaN(f.age[i]);
          if (pre.features[0].type === 'numeric' && pre.features[0].missingIndicator) {
            expect(matrix[i * width + 1]).toBe(missing ? 1 : 0);
          }
          if (missing) expect(z).toBe(0);
          else {
            sum += z;
            squares += z * z;
            count++;
          }
          // Exactly one slot of the categorical block is hot; 'FR' under both codes shares one slot.
          const start = layout.offsets[2];
          const block = Array.from(matrix.subarray(i * width + start, i * width + start + layout.sizes[2]));
          expect(block.reduce((a, b) => a + b, 0)).toBe(1);
          const name = layout.slotNames[start + block.indexOf(1)];
          const code = f.country[i];
          expect(name).toBe(code < 0 ? 'country=<missing>' : `country=${['FR', 'BE', 'CH', 'FR'][code]}`);
        }
        if (count > 0) {
          expect(Math.abs(sum / count)).toBeLessThan(1e-4);
          const variance = squares / count - (sum / count) ** 2;
          const age = pre.features[0];
          if (age.type === 'numeric' && age.std !== 1) expect(Math.abs(variance - 1)).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('keeps a constant or always-missing feature at input 0 instead of dividing by zero', () => {
    const columns: FeatureColumns = {
      age: new Float32Array([Number.NaN, Number.NaN]),
      flag: new Uint8Array([1, 1]),
      country: { codes: new Int32Array([0, 0]), dictionary: ['FR'] },
    };
    const pre = fitPreprocessing(specs, columns, 'cpu');
    expect(pre.features.slice(0, 2)).toMatchObject([
      { mean: 0, std: 1, missingIndicator: true, missingShare: 1 },
      { mean: 1, std: 1, missingIndicator: false },
    ]);
    // minCategoryCount 5 > 2 rows: FR is too rare for its own slot and goes to OOV.
    expect(pre.features[2]).toMatchObject({ vocabulary: [], outOfVocabularyCount: 2, missingCount: 0 });
    expect(Array.from(encodeFeatures(pre, columns).matrix)).toEqual([0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
  });

  it('rejects infinite training values and out-of-dictionary codes, naming feature and row', () => {
    const bad: FeatureColumns = {
      age: new Float64Array([1, Number.NEGATIVE_INFINITY]),
      flag: new Uint8Array(2),
      country: { codes: new Int32Array([0, 0]), dictionary: ['FR'] },
    };
    expect(() => fitPreprocessing(specs, bad, 'cpu')).toThrow(
      'training data: feature "age" row 1: expected a finite number or NaN, got -Infinity',
    );
    const badCode = {
      ...bad,
      age: new Float64Array(2),
      country: { codes: new Int32Array([0, 2]), dictionary: ['FR'] },
    };
    expect(() => fitPreprocessing(specs, badCode, 'cpu')).toThrow(
      'feature "country" row 1: code 2 is outside its dictionary',
    );
    expect(() => fitPreprocessing([...specs, { name: 'age', type: 'numeric' }], bad, 'cpu')).toThrow(
      'feature "age" is listed twice',
    );
  });
});
