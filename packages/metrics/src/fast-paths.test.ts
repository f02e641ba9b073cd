/**
 * The fast paths (O(n) per group ranking metrics, bucketed AUC, shared preparation across rankers) against
 * the slow reference (full within-group sort, two full sorts for the AUC) on random inputs with ties, NaN,
 * -0, infinities, repeated tie keys and graded labels: every number must be equal to the last bit.
 */
import { seededRandom } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankersAccumulator, RankingAccumulator } from './accumulator.js';
import { rocAuc, rocAucBySort } from './auc.js';
import { evaluateRankers } from './baselines.js';
import { evaluateRanking } from './evaluate.js';
import { evaluateRankingReference } from './testing/reference.js';

/** Scores from a small pool (ties, NaN, -0, +-Infinity) or anywhere; float32 or float64 columns. */
const scoreArb = fc.oneof(
  fc.constantFrom(0, -0, 0.5, 1, 2, 0.25, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
  fc.double({ noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: 0, max: 3 }),
);
const rowArb = fc.record({
  score: scoreArb,
  truth: fc.double({ min: 0, max: 1, noNaN: true }),
  label: fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 0.5),
  // Small key range: repeated keys inside a group exercise the row-order fallback.
  key: fc.integer({ min: 0, max: 12 }),
});
const groupsArb = fc.array(fc.array(rowArb, { minLength: 0, maxLength: 40 }), { minLength: 1, maxLength: 8 });

interface Row {
  score: number;
  truth: number;
  label: number;
  key: number;
}

function toColumns(groups: Row[][], binary: boolean, float32: boolean) {
  const rows = groups.flat();
  const offsets = new Int32Array(groups.length + 1);
  groups.forEach((g, i) => {
    offsets[i + 1] = offsets[i] + g.length;
  });
  const scores = float32 ? Float32Array.from(rows, (r) => r.score) : Float64Array.from(rows, (r) => r.score);
  return {
    offsets,
    scores,
    labels: binary
      ? Uint8Array.from(rows, (r) => (r.label > 0 ? 1 : 0))
      : Float64Array.from(rows, (r) => r.label),
    tieKeys: Int32Array.from(rows, (r) => r.key),
    truth: Float64Array.from(rows, (r) => r.truth),
  };
}

/** Object.is on every field: NaN equals NaN, 0 and -0 differ, no tolerance. */
function expectIdentical(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual, replacer)).toBe(JSON.stringify(expected, replacer));
}
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number')
    return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : value.toString();
  return value;
}

describe('fast paths equal the slow reference, bit for bit', () => {
  it('evaluateRanking (with and without truth, binary and graded labels, float32 and float64 scores)', () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (groups, k, binary, float32, withTruth) => {
          const { truth, ...columns } = toColumns(groups, binary, float32);
          const input = withTruth ? { ...columns, truth } : columns;
          expectIdentical(evaluateRanking(input, { k }), evaluateRankingReference(input, { k }));
        },
      ),
      { seed: 41, numRuns: 600 },
    );
  });

  it('evaluateRankers shares one preparation across rankers without changing any result', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 12 }), fc.integer(), (groups, k, seed) => {
        const { truth, ...columns } = toColumns(groups, true, false);
        const n = columns.scores.length;
        const random = seededRandom(seed);
        const other = Float32Array.from({ length: n }, () => Math.floor(random() * 16) / 4); // 16 values: many ties
        const rankers = {
          model: columns.scores,
          popularity: other,
          random: Float64Array.from(other, (x) => 1 - x),
        };
        const fast = evaluateRankers({ ...columns, truth }, rankers, { k });
        expect(Object.keys(fast)).toEqual(['model', 'popularity', 'random', 'oracle']);
        for (const [name, scores] of Object.entries({ ...rankers, oracle: truth })) {
          const slow = evaluateRankingReference(
            { ...columns, truth, scores },
            { k, scoresAreProbabilities: name === 'popularity' ? false : undefined },
          );
          expectIdentical(fast[name], slow);
        }
      }),
      { seed: 43, numRuns: 300 },
    );
  });

  it('rocAuc on large columns, both the positives-sorted and the negatives-sorted side', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer(),
        (n, positivePercent, kind, seed) => {
          const next = seededRandom(seed);
          const scores = new Float64Array(n);
          const labels = new Uint8Array(n);
          for (let i = 0; i < n; i++) {
            const u = next();
            // 0: distinct uniform, 1: few distinct values, 2: wide magnitudes with signs, 3: NaN / -Inf / -0 mixed in
            scores[i] =
              kind === 0
                ? u
                : kind === 1
                  ? Math.floor(u * 5)
                  : kind === 2
                    ? (u - 0.5) * 10 ** Math.floor(next() * 40 - 20)
                    : [Number.NaN, Number.NEGATIVE_INFINITY, -0, 0, u, 1][Math.floor(next() * 6)];
            labels[i] = next() * 100 < positivePercent ? 1 : 0;
          }
          const fast = rocAuc(scores, labels);
          const slow = rocAucBySort(scores, labels);
          expect(Object.is(fast, slow)).toBe(true);
          expect(
            Object.is(
              rocAuc(Float32Array.from(scores), labels),
              rocAucBySort(Float32Array.from(scores), labels),
            ),
          ).toBe(true);
        },
      ),
      { seed: 47, numRuns: 300 },
    );
  });

  it('evaluateRanking on groups of a few thousand rows with 1-10 positives', () => {
    const next = seededRandom(7);
    const groups = 40;
    const offsets = new Int32Array(groups + 1);
    for (let g = 0; g < groups; g++) offsets[g + 1] = offsets[g] + 500 + Math.floor(next() * 2500);
    const n = offsets[groups];
    const labels = new Uint8Array(n);
    const tieKeys = new Int32Array(n);
    for (let g = 0; g < groups; g++) {
      const lo = offsets[g];
      const size = offsets[g + 1] - lo;
      for (let j = 0; j < size; j++) tieKeys[lo + j] = (j * 7919) % size;
      const r = 1 + Math.floor(next() * 10);
      for (let p = 0; p < r; p++) labels[lo + Math.floor(next() * size)] = 1;
    }
    const truth = Float64Array.from({ length: n }, () => next());
    const model = Float32Array.from(truth, (x) => 0.5 * x + 0.5 * next());
    const popularity = Float32Array.from({ length: n }, () => Math.floor(-Math.log(1 - next()) * 0.7));
    for (const scores of [model, popularity, truth]) {
      for (const k of [1, 10, 100]) {
        const input = { offsets, scores, labels, tieKeys, truth };
        expectIdentical(evaluateRanking(input, { k }), evaluateRankingReference(input, { k }));
      }
    }
  });
});

describe('streaming accumulators equal the one-shot evaluation on the concatenation', () => {
  /** Cuts the groups into chunks of whole groups at the given group boundaries. */
  function chunked(groups: Row[][], cuts: number[]) {
    const bounds = [...new Set([0, ...cuts.map((c) => c % (groups.length + 1)), groups.length])].sort(
      (a, b) => a - b,
    );
    const out: Row[][][] = [];
    for (let i = 0; i + 1 < bounds.length; i++) out.push(groups.slice(bounds[i], bounds[i + 1]));
    return out;
  }

  it('RankingAccumulator', () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (groups, cuts, k, binary, float32, withTruth) => {
          const pick = (c: ReturnType<typeof toColumns>) => {
            const { truth, ...rest } = c;
            return withTruth ? { ...rest, truth } : rest;
          };
          const acc = new RankingAccumulator({ k });
          for (const part of chunked(groups, cuts)) acc.add(pick(toColumns(part, binary, float32)));
          const whole = pick(toColumns(groups, binary, float32));
          expectIdentical(acc.result(), evaluateRanking(whole, { k }));
          expectIdentical(acc.result(), evaluateRankingReference(whole, { k }));
        },
      ),
      { seed: 53, numRuns: 300 },
    );
  });

  it('RankersAccumulator', () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        (groups, cuts, k) => {
          const acc = new RankersAccumulator({ k });
          const rankersOf = (c: ReturnType<typeof toColumns>) => ({
            model: c.scores,
            popularity: Float32Array.from(c.scores, (x) => Math.floor(Math.abs(x) % 3)),
            random: Float64Array.from(c.truth, (x) => 1 - x),
          });
          for (const part of chunked(groups, cuts)) {
            const c = toColumns(part, true, true);
            acc.add(c, rankersOf(c));
          }
          const whole = toColumns(groups, true, true);
          expectIdentical(acc.result(), evaluateRankers(whole, rankersOf(whole), { k }));
        },
      ),
      { seed: 59, numRuns: 200 },
    );
  });

  it('rejects chunks that change the rankers or drop the truth', () => {
    const c = toColumns([[{ score: 1, truth: 0.5, label: 1, key: 0 }]], true, false);
    const acc = new RankersAccumulator({ k: 3 });
    acc.add(c, { model: c.scores });
    expect(() => acc.add(c, { model: c.scores, random: c.scores })).toThrow(
      /rankers: expected model, oracle/,
    );
    const single = new RankingAccumulator({ k: 3 }).add(c);
    const { truth: _t, ...noTruth } = c;
    expect(() => single.add(noTruth)).toThrow(/truth: chunk 1 lacks ground truth/);
  });
});
