import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFeatureEncoder } from './encode.js';
import { createLinearScorer } from './linear-scorer.js';
import { fitPreprocessing, type Preprocessing } from './preprocessing.js';
import type { FeatureColumns, FeatureSpec } from './types.js';

// Nine numerics: five never missing in training (a group of four + one, on the dense path), four missing
// (the sparse path: float64 f, a float32 pair g + h, a lone float32 i); three categoricals (a pair + one).
const NUMERIC = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
const CATEGORICAL = ['k0', 'k1', 'k2'];
const specs: FeatureSpec[] = [
  ...NUMERIC.map((name) => ({ name, type: 'numeric' as const })),
  ...CATEGORICAL.map((name) => ({ name, type: 'categorical' as const })),
];
const DICTIONARY = ['FR', 'BE', 'CH', 'FR', 'LU']; // 'FR' spelled twice

const value = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);
const frame = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    numbers: fc.array(fc.array(value, { minLength: n, maxLength: n }), {
      minLength: NUMERIC.length,
      maxLength: NUMERIC.length,
    }),
    codes: fc.array(fc.array(fc.integer({ min: -1, max: 4 }), { minLength: n, maxLength: n }), {
      minLength: CATEGORICAL.length,
      maxLength: CATEGORICAL.length,
    }),
  }),
);
type Frame = { numbers: number[][]; codes: number[][] };

/** Columns of a frame: Float32 and Float64 numerics alike, one 0/1 Uint8 column, shared dictionaries. */
function toColumns(f: Frame, dropNaN: boolean): FeatureColumns {
  const columns: Record<string, FeatureColumns[string]> = {};
  NUMERIC.forEach((name, j) => {
    // Fit data without NaN in the first five columns: those get no missing indicator (the dense path).
    const values = f.numbers[j].map((v) => (dropNaN && j < 5 && Number.isNaN(v) ? 0 : v));
    columns[name] =
      j === 4
        ? Uint8Array.from(values, (v) => (v > 0 ? 1 : 0))
        : j === 1 || j === 3 || j === 5
          ? Float64Array.from(values)
          : Float32Array.from(values);
  });
  CATEGORICAL.forEach((name, j) => {
    columns[name] = { codes: Int32Array.from(f.codes[j]), dictionary: DICTIONARY };
  });
  return columns;
}

/** bias + the encoded matrix times the weights: the graph's definition of the logit, in float64. */
function matrixLogits(pre: Preprocessing, columns: FeatureColumns, weights: Float32Array, bias: number) {
  const encoder = createFeatureEncoder(pre, columns);
  const matrix = new Float32Array(encoder.rows * encoder.width);
  encoder.encodeRows(0, encoder.rows, matrix);
  return Array.from({ length: encoder.rows }, (_, i) => {
    let z = bias;
    for (let s = 0; s < encoder.width; s++) z += weights[s] * matrix[i * encoder.width + s];
    return z;
  });
}

function setup(fitOn: Frame, seed: number) {
  const pre = fitPreprocessing(specs, toColumns(fitOn, true), 'cpu', { minCategoryCount: 2 });
  const weights = Float32Array.from({ length: pre.inputWidth }, (_, s) => Math.sin(seed + s * 7.1));
  return { pre, weights, scorer: createLinearScorer(pre, weights, 0.25) };
}

function logits(scorer: ReturnType<typeof setup>['scorer'], pre: Preprocessing, columns: FeatureColumns) {
  const encoder = createFeatureEncoder(pre, columns);
  const out = new Float64Array(encoder.rows);
  scorer.logits(columns, encoder, out);
  return out;
}

describe('createLinearScorer', () => {
  it('equals bias + encoded matrix x weights on any data (NaN, unseen and duplicate categories)', () => {
    fc.assert(
      fc.property(frame, frame, fc.integer({ min: 0, max: 1000 }), (fitOn, scoreOn, seed) => {
        const { pre, weights, scorer } = setup(fitOn, seed);
        const columns = toColumns(scoreOn, false);
        const expected = matrixLogits(pre, columns, weights, 0.25);
        const actual = logits(scorer, pre, columns);
        for (const [i, z] of expected.entries())
          expect(Math.abs(z - actual[i])).toBeLessThan(1e-4 * (1 + Math.abs(z)));
        // Probabilities are the sigmoid of the same logits.
        const encoder = createFeatureEncoder(pre, columns);
        const p = new Float32Array(encoder.rows);
        scorer.probabilities(columns, encoder, p);
        for (const [i, z] of actual.entries()) expect(p[i]).toBe(Math.fround(1 / (1 + Math.exp(-z))));
      }),
      { numRuns: 80, seed: 12 },
    );
  });

  it('scores past one tile, and a dictionary that grew since the last call gets a fresh table', () => {
    const fitOn: Frame = {
      numbers: NUMERIC.map((_, j) => Array.from({ length: 50 }, (_, i) => ((i * (j + 3)) % 17) - 8)),
      codes: CATEGORICAL.map(() => Array.from({ length: 50 }, (_, i) => i % 5)),
    };
    const { pre, weights, scorer } = setup(fitOn, 3);
    const rows = 10_000; // more than one 4,096-row tile
    const dictionary = ['FR', 'BE'];
    const columns: Record<string, FeatureColumns[string]> = {};
    NUMERIC.forEach((name, j) => {
      columns[name] = Float32Array.from({ length: rows }, (_, i) =>
        i % 97 === j ? Number.NaN : (i % 13) - j,
      );
    });
    const codes = Int32Array.from({ length: rows }, (_, i) => (i % 7) - 1);
    const check = () => {
      const expected = matrixLogits(pre, columns, weights, 0.25);
      const actual = logits(scorer, pre, columns);
      for (const [i, z] of expected.entries())
        expect(Math.abs(z - actual[i])).toBeLessThan(1e-4 * (1 + Math.abs(z)));
    };
    for (const name of CATEGORICAL) columns[name] = { codes: codes.map((c) => Math.min(c, 1)), dictionary };
    check();
    // The same dictionary array, appended to (as a streaming reader does), with codes using the new values.
    dictionary.push('CH', 'LU', 'XX', 'FR');
    for (const name of CATEGORICAL) columns[name] = { codes, dictionary };
    check();
  });

  it('sends invalid rows to the checked encoder: its errors, and negative codes as missing', () => {
    const fitOn: Frame = {
      numbers: NUMERIC.map(() => [1, 2, 3, Number.NaN, 5, 6]),
      codes: CATEGORICAL.map(() => [0, 1, 2, 0, 1, -1]),
    };
    const { pre, weights, scorer } = setup(fitOn, 5);
    const base = toColumns(
      { numbers: NUMERIC.map(() => [1, 2]), codes: CATEGORICAL.map(() => [0, 1]) },
      false,
    );
    for (const name of ['c', 'g', 'h', 'i']) {
      const infinite = { ...base, [name]: new Float32Array([1, Number.NEGATIVE_INFINITY]) };
      expect(() => logits(scorer, pre, infinite)).toThrow(
        `scoring data: feature "${name}" row 1: expected a finite number or NaN, got -Infinity`,
      );
    }
    const outside = { ...base, k1: { codes: new Int32Array([5, 0]), dictionary: DICTIONARY } };
    expect(() => logits(scorer, pre, outside)).toThrow(
      'scoring data: feature "k1" row 0: code 5 is outside its dictionary (5 values)',
    );
    const negative = { ...base, k2: { codes: new Int32Array([-7, 0]), dictionary: DICTIONARY } };
    const missing = { ...base, k2: { codes: new Int32Array([-1, 0]), dictionary: DICTIONARY } };
    // (Equal within float32 rounding: the checked row is computed from the float32 encoded input.)
    const [a, b] = [logits(scorer, pre, negative), logits(scorer, pre, missing)];
    for (let i = 0; i < 2; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6);
    expect(() => createLinearScorer(pre, weights.subarray(1), 0)).toThrow('weights for');
  });

  it("term: a row's logit changes by the replaced feature's terms, whatever the feature's kind", () => {
    fc.assert(
      fc.property(frame, frame, fc.integer({ min: 0, max: 1000 }), (fitOn, scoreOn, seed) => {
        const { pre, scorer } = setup(fitOn, seed);
        const columns = toColumns(scoreOn, false);
        // Another frame of the same length supplies each feature's replacement column.
        const other = toColumns(
          { numbers: [...scoreOn.numbers].reverse(), codes: [...scoreOn.codes].reverse() },
          false,
        );
        const base = logits(scorer, pre, columns);
        const rows = base.length;
        const before = new Float64Array(rows);
        const after = new Float64Array(rows);
        for (const name of [...NUMERIC, ...CATEGORICAL]) {
          const column = other[name]; // the same kind and type as columns[name], other values
          scorer.term(name, columns[name], before);
          scorer.term(name, column, after);
          const expected = logits(scorer, pre, { ...columns, [name]: column });
          for (let i = 0; i < rows; i++) {
            const size = 1 + Math.abs(base[i]) + Math.abs(before[i]) + Math.abs(after[i]);
            expect(Math.abs(base[i] - before[i] + after[i] - expected[i])).toBeLessThan(1e-12 * size);
          }
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });

  it('term: log1p features are transformed; a bad value gives a non-finite term; a wrong kind or name throws', () => {
    const rows = 200;
    // A heavy-tailed count: fitted with `log1p` under logTransform 'auto'.
    const count = Float32Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? 500 + i : i % 4));
    const plain = Float32Array.from({ length: rows }, (_, i) => Math.sin(i));
    const kind = { codes: Int32Array.from({ length: rows }, (_, i) => i % 3), dictionary: ['a', 'b', 'c'] };
    const fitSpecs: FeatureSpec[] = [
      { name: 'count', type: 'numeric' },
      { name: 'plain', type: 'numeric' },
      { name: 'kind', type: 'categorical' },
    ];
    const pre = fitPreprocessing(fitSpecs, { count, plain, kind }, 'cpu', { logTransform: 'auto' });
    const first = pre.features[0];
    expect(first.type === 'numeric' && first.transform).toBe('log1p');
    const weights = Float32Array.from({ length: pre.inputWidth }, (_, s) => 0.3 + 0.1 * s);
    const scorer = createLinearScorer(pre, weights, -0.5);
    const columns = { count, plain, kind };
    const replaced = Float32Array.from(count).reverse();
    const before = new Float64Array(rows);
    const after = new Float64Array(rows);
    scorer.term('count', count, before);
    scorer.term('count', replaced, after);
    const base = logits(scorer, pre, columns);
    const expected = logits(scorer, pre, { ...columns, count: replaced });
    for (let i = 0; i < rows; i++) expect(base[i] - before[i] + after[i]).toBeCloseTo(expected[i], 10);
    scorer.term('count', new Float32Array([1, Number.POSITIVE_INFINITY]), after);
    expect(Number.isFinite(after[1])).toBe(false);
    scorer.term('kind', { codes: new Int32Array([-1, 3]), dictionary: kind.dictionary }, after);
    expect(Number.isFinite(after[0])).toBe(true); // missing: its slot
    expect(Number.isFinite(after[1])).toBe(false); // outside the dictionary
    expect(() => scorer.term('kind', plain, after)).toThrow('feature "kind" is categorical');
    expect(() => scorer.term('plain', kind, after)).toThrow('feature "plain" is numeric');
    expect(() => scorer.term('nope', plain, after)).toThrow('no feature "nope"');
  });
});
