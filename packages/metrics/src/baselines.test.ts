import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRankers } from './baselines.js';
import { evaluateRanking } from './evaluate.js';
import { randomScores } from './random.js';

const input = {
  offsets: Int32Array.of(0, 3, 6),
  labels: Uint8Array.of(0, 1, 0, 1, 0, 0),
  tieKeys: Int32Array.of(2, 0, 1, 0, 1, 2),
  truth: Float64Array.of(0.1, 0.6, 0.2, 0.5, 0.3, 0.05),
};

describe('evaluateRankers', () => {
  const model = Float64Array.of(0.2, 0.7, 0.1, 0.4, 0.5, 0.3);
  const popularity = Float64Array.of(0, 1, 1, 3, 0, 0); // opens over the trailing day: counts, with ties
  const random = randomScores(6, 1);

  it('scores every ranker with the same code, oracle from truth, in report order', () => {
    const out = evaluateRankers(input, { random, popularity, model }, { k: 2 });
    expect(Object.keys(out)).toEqual(['model', 'popularity', 'random', 'oracle']);
    expect(out.model).toEqual(evaluateRanking({ ...input, scores: model }, { k: 2 }));
    expect(out.oracle).toEqual(evaluateRanking({ ...input, scores: input.truth }, { k: 2 }));
  });

  it('reports the popularity log loss as NaN even when its counts fall in [0, 1]', () => {
    const out = evaluateRankers(
      input,
      { model, popularity: Float64Array.of(0, 1, 1, 1, 0, 0), random },
      { k: 2 },
    );
    expect(out.popularity.metrics.logloss).toBeNaN();
    expect(out.model.metrics.logloss).toBeGreaterThan(0);
  });

  it('breaks popularity ties by post id (tie key): hand-checked ranks', () => {
    // group 0: popularity 0, 1, 1 with keys 2, 0, 1 -> row1 (key 0) first, positive at rank 1
    // group 1: popularity 3, 0, 0 -> row3 first, positive at rank 1
    const out = evaluateRankers(input, { popularity }, { k: 2 });
    expect(out.popularity.metrics.mrr).toBe(1);
  });

  it('without truth: no oracle and no simulatedCtr; an explicit oracle is kept', () => {
    const { truth: _t, ...noTruth } = input;
    const out = evaluateRankers(noTruth, { model, popularity, random }, { k: 2 });
    expect(Object.keys(out)).toEqual(['model', 'popularity', 'random']);
    expect('simulatedCtr@2' in out.model.metrics).toBe(false);
    const withOracle = evaluateRankers(noTruth, { model, oracle: input.truth, another: model }, { k: 2 });
    expect(Object.keys(withOracle)).toEqual(['model', 'oracle', 'another']);
  });

  it('the oracle maximises simulatedCtr@k (it puts the highest true probabilities on top)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (sizes, k, seed) => {
          const offsets = new Int32Array(sizes.length + 1);
          sizes.forEach((s, i) => {
            offsets[i + 1] = offsets[i] + s;
          });
          const n = offsets[sizes.length];
          const truth = randomScores(n, seed);
          const labels = Uint8Array.from(randomScores(n, seed + 1), (u, i) => (u < truth[i] ? 1 : 0));
          const tieKeys = Int32Array.from({ length: n }, (_, i) => i);
          const out = evaluateRankers(
            { offsets, labels, tieKeys, truth },
            { model: randomScores(n, seed + 2), random: randomScores(n, seed + 3) },
            { k },
          );
          const sim = (name: string) => (out[name].metrics as Record<string, number>)[`simulatedCtr@${k}`];
          expect(sim('oracle')).toBeGreaterThanOrEqual(sim('model') - 1e-12);
          expect(sim('oracle')).toBeGreaterThanOrEqual(sim('random') - 1e-12);
        },
      ),
      { seed: 31, numRuns: 100 },
    );
  });
});
