import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createObjective, type RankingLoss } from './losses.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const offsetsOf = (...sizes: number[]) =>
  Int32Array.from([0, ...sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b))]);

function evaluate(loss: RankingLoss, weight: number, offsets: Int32Array, z: number[], y: number[]) {
  const gradient = new Float64Array(z.length);
  const value = createObjective(loss, weight)(offsets, z, y, gradient);
  return { value, gradient: Array.from(gradient) };
}

describe('ranking objectives against hand-computed values', () => {
  it('pointwise: mean sigmoid cross-entropy, gradient (sigmoid(z) - y) / n', () => {
    const { value, gradient } = evaluate('pointwise', 0, offsetsOf(2), [0, 2], [1, 0]);
    // (log 2 + log(1 + e^2)) / 2
    expect(value).toBeCloseTo((Math.log(2) + Math.log(1 + Math.exp(2))) / 2, 12);
    expect(gradient[0]).toBeCloseTo((0.5 - 1) / 2, 12);
    expect(gradient[1]).toBeCloseTo(sigmoid(2) / 2, 12);
  });

  it("pairwise (RankNet): TF-Ranking's documented example, one pair", () => {
    // tfr.keras.losses.PairwiseLogisticLoss()([[1., 0.]], [[0.6, 0.8]]) = 0.7981389
    const { value, gradient } = evaluate('pairwise', 0, offsetsOf(2), [0.6, 0.8], [1, 0]);
    expect(value).toBeCloseTo(0.7981389, 6);
    expect(gradient[0]).toBeCloseTo(-sigmoid(0.2), 12);
    expect(gradient[1]).toBeCloseTo(sigmoid(0.2), 12);
  });

  it('pairwise: mean over every (positive, negative) pair of every group', () => {
    // Group 1: pair (0.6 vs 0.8); group 2: positive 0.8 vs 0.5 and vs 0.4. Three pairs.
    const { value, gradient } = evaluate(
      'pairwise',
      0,
      offsetsOf(2, 3),
      [0.6, 0.8, 0.5, 0.8, 0.4],
      [1, 0, 0, 1, 0],
    );
    const pairs = [Math.log1p(Math.exp(0.2)), Math.log1p(Math.exp(-0.3)), Math.log1p(Math.exp(-0.4))];
    expect(value).toBeCloseTo((pairs[0] + pairs[1] + pairs[2]) / 3, 12);
    expect(value).toBeCloseTo(0.6218363, 6);
    expect(gradient[3]).toBeCloseTo(-(sigmoid(-0.3) + sigmoid(-0.4)) / 3, 12);
    expect(gradient[2]).toBeCloseTo(sigmoid(-0.3) / 3, 12);
    expect(gradient[4]).toBeCloseTo(sigmoid(-0.4) / 3, 12);
  });

  it("listwise (softmax cross-entropy): TF-Ranking's documented examples", () => {
    // tfr.keras.losses.SoftmaxLoss()([[1., 0.]], [[0.6, 0.8]]) = 0.7981389
    expect(evaluate('listwise', 0, offsetsOf(2), [0.6, 0.8], [1, 0]).value).toBeCloseTo(0.7981389, 6);
    // Ragged: [[1, 0], [0, 1, 0]] with [[0.6, 0.8], [0.5, 0.8, 0.4]] = 0.83911896 (mean over the two lists)
    const { value, gradient } = evaluate(
      'listwise',
      0,
      offsetsOf(2, 3),
      [0.6, 0.8, 0.5, 0.8, 0.4],
      [1, 0, 0, 1, 0],
    );
    expect(value).toBeCloseTo(0.83911896, 6);
    const e = [Math.exp(0.5), Math.exp(0.8), Math.exp(0.4)];
    const total = e[0] + e[1] + e[2];
    expect(gradient[2]).toBeCloseTo(e[0] / total / 2, 12);
    expect(gradient[3]).toBeCloseTo((e[1] / total - 1) / 2, 12);
  });

  it('listwise with two positives sums their log-softmax; groups without a positive are skipped', () => {
    // Group 1 [1, 1, 0] with z [1, 0, 0]; group 2 has no positive (left out of the mean).
    const { value, gradient } = evaluate('listwise', 0, offsetsOf(3, 2), [1, 0, 0, 5, -5], [1, 1, 0, 0, 0]);
    const logSum = Math.log(Math.E + 2);
    expect(value).toBeCloseTo(logSum - 1 + logSum, 12);
    expect(gradient[2]).toBeCloseTo((2 * 1) / (Math.E + 2), 12);
    expect(gradient[3]).toBe(0);
    expect(gradient[4]).toBe(0);
  });

  it('mixes a ranking loss with the pointwise loss', () => {
    const z = [0.6, 0.8];
    const y = [1, 0];
    const mixed = evaluate('listwise', 0.5, offsetsOf(2), z, y);
    const listwise = evaluate('listwise', 0, offsetsOf(2), z, y);
    const pointwise = evaluate('pointwise', 0, offsetsOf(2), z, y);
    expect(mixed.value).toBeCloseTo(listwise.value + 0.5 * pointwise.value, 12);
    for (let i = 0; i < 2; i++)
      expect(mixed.gradient[i]).toBeCloseTo(listwise.gradient[i] + 0.5 * pointwise.gradient[i], 12);
  });

  it('has the gradient of its value (central finite differences)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RankingLoss>('pointwise', 'pairwise', 'listwise'),
        fc.constantFrom(0, 0.3),
        fc.array(fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.boolean()), {
          minLength: 1,
          maxLength: 7,
        }),
        fc.integer({ min: 1, max: 3 }),
        (loss, weight, rows, cut) => {
          const z = rows.map(([v]) => v);
          const y = rows.map(([, p]) => (p ? 1 : 0));
          const split = Math.min(cut, z.length);
          const offsets = split < z.length ? Int32Array.of(0, split, z.length) : Int32Array.of(0, z.length);
          const { gradient } = evaluate(loss, weight, offsets, z, y);
          const h = 1e-6;
          for (let i = 0; i < z.length; i++) {
            const up = [...z];
            const down = [...z];
            up[i] += h;
            down[i] -= h;
            const numeric =
              (evaluate(loss, weight, offsets, up, y).value -
                evaluate(loss, weight, offsets, down, y).value) /
              (2 * h);
            expect(Math.abs(numeric - gradient[i])).toBeLessThan(1e-6);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
