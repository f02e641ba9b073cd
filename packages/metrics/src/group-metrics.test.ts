import { seededRandom } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRankers } from './baselines.js';
import { bootstrapGroupMetrics } from './bootstrap.js';
import { evaluateRanking } from './evaluate.js';
import { evaluateGroups, evaluateGroupsOfRankers, rankCurves, summarizeGroups } from './group-metrics.js';
import { rankWithinGroups } from './ranking.js';

const rowArb = fc.record({
  score: fc.oneof(fc.constantFrom(0, 0.5, 1, Number.NaN), fc.double({ min: 0, max: 1, noNaN: true })),
  truth: fc.double({ min: 0, max: 1, noNaN: true }),
  label: fc.constantFrom(0, 0, 0, 1),
  key: fc.integer({ min: 0, max: 12 }),
});
const groupsArb = fc.array(fc.array(rowArb, { minLength: 0, maxLength: 30 }), { minLength: 1, maxLength: 8 });

function columns(groups: { score: number; truth: number; label: number; key: number }[][]) {
  const rows = groups.flat();
  const offsets = new Int32Array(groups.length + 1);
  groups.forEach((g, i) => {
    offsets[i + 1] = offsets[i] + g.length;
  });
  return {
    offsets,
    scores: Float64Array.from(rows, (r) => r.score),
    labels: Uint8Array.from(rows, (r) => r.label),
    tieKeys: Int32Array.from(rows, (r) => r.key),
    truth: Float64Array.from(rows, (r) => r.truth),
  };
}

describe('evaluateGroups', () => {
  it('summarised over every group, gives evaluateRanking: MAP, NDCG, MRR, CTR exactly, simulatedCtr to rounding', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 12 }), fc.boolean(), (groups, k, withTruth) => {
        const { truth, ...rest } = columns(groups);
        const input = withTruth ? { ...rest, truth } : rest;
        const whole = evaluateRanking(input, { k }).metrics as Record<string, number>;
        const summary = summarizeGroups(evaluateGroups(input, { k }));
        for (const key of [`map@${k}`, `ndcg@${k}`, 'mrr', `ctr@${k}`])
          expect(Object.is(summary.metrics[key], whole[key]), key).toBe(true);
        if (withTruth) {
          const sim = summary.metrics[`simulatedCtr@${k}`];
          const expected = whole[`simulatedCtr@${k}`];
          if (Number.isNaN(expected)) expect(sim).toBeNaN();
          else expect(sim).toBeCloseTo(expected, 12);
        } else expect(summary.metrics).not.toHaveProperty(`simulatedCtr@${k}`);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it("records each positive's rank, best first, as rankWithinGroups ranks it", () => {
    fc.assert(
      fc.property(groupsArb, (groups) => {
        const input = columns(groups);
        const m = evaluateGroups(input, { k: 10 });
        const ranks = rankWithinGroups(input.offsets, input.scores, input.tieKeys);
        for (let g = 0; g < m.groups; g++) {
          const expected: number[] = [];
          for (let i = input.offsets[g]; i < input.offsets[g + 1]; i++)
            if (input.labels[i] > 0) expected.push(ranks[i]);
          expected.sort((a, b) => a - b);
          expect([...m.positiveRanks.subarray(m.positiveOffsets[g], m.positiveOffsets[g + 1])]).toEqual(
            expected,
          );
          expect(m.positives[g]).toBe(expected.length);
          if (expected.length === 0) expect(m.ap[g]).toBeNaN();
        }
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  it('summarises a selection of groups: a day, a segment', () => {
    const input = {
      offsets: Int32Array.from([0, 2, 4, 6]),
      scores: Float64Array.from([0.9, 0.1, 0.9, 0.1, 0.2, 0.8]),
      labels: Uint8Array.from([1, 0, 0, 1, 0, 0]),
      tieKeys: Int32Array.from([0, 1, 0, 1, 0, 1]),
    };
    const m = evaluateGroups(input, { k: 1 });
    expect(summarizeGroups(m, [0]).metrics).toEqual({ 'map@1': 1, 'ndcg@1': 1, mrr: 1, 'ctr@1': 1 });
    expect(summarizeGroups(m, [1]).metrics).toEqual({ 'map@1': 0, 'ndcg@1': 0, mrr: 0.5, 'ctr@1': 0 });
    const both = summarizeGroups(m, [0, 1, 2]);
    expect(both.evaluatedGroups).toBe(2);
    expect(both.metrics['map@1']).toBe(0.5);
    expect(summarizeGroups(m, [2]).metrics['map@1']).toBeNaN();
  });

  it('evaluates several rankers on shared groups, adding the oracle from the truth', () => {
    const { truth, ...rest } = columns([
      [
        { score: 0.2, truth: 0.9, label: 1, key: 0 },
        { score: 0.8, truth: 0.1, label: 0, key: 1 },
      ],
    ]);
    const out = evaluateGroupsOfRankers(
      { offsets: rest.offsets, labels: rest.labels, tieKeys: rest.tieKeys, truth },
      { model: rest.scores },
      { k: 1 },
    );
    expect(Object.keys(out)).toEqual(['model', 'oracle']);
    expect(out.model.ap[0]).toBe(0);
    expect(out.oracle.ap[0]).toBe(1);
    expect(out.oracle.truthTop?.[0]).toBe(0.9);
  });
});

describe('rankCurves', () => {
  it('CTR@k at every k equals evaluateRanking ctr@k, and the gain reaches 1 once k covers every group', () => {
    fc.assert(
      fc.property(groupsArb, (groups) => {
        const input = columns(groups);
        const maxK = Math.max(1, ...groups.map((g) => g.length));
        const curve = rankCurves(evaluateGroups(input, { k: 10 }), maxK);
        expect(curve.map((p) => p.k)).toEqual(Array.from({ length: maxK }, (_, i) => i + 1));
        for (const point of curve) {
          const ctr = (evaluateRanking(input, { k: point.k }).metrics as Record<string, number>)[
            `ctr@${point.k}`
          ];
          if (Number.isNaN(ctr)) expect(point.ctr).toBeNaN();
          else expect(point.ctr).toBeCloseTo(ctr, 12);
        }
        const positives = input.labels.reduce((s, v) => s + v, 0);
        if (positives > 0) expect(curve.at(-1)?.recall).toBe(1);
        if (positives > 0)
          for (let i = 1; i < curve.length; i++)
            expect(curve[i].recall).toBeGreaterThanOrEqual(curve[i - 1].recall);
      }),
      { seed: 8, numRuns: 150 },
    );
  });
});

describe('bootstrapGroupMetrics', () => {
  /** `groups` groups of 20 candidates, one positive each, ranked at a random position by `skill`. */
  function simulated(groups: number, seed: number) {
    const random = seededRandom(seed);
    const size = 20;
    const offsets = Int32Array.from({ length: groups + 1 }, (_, g) => g * size);
    const labels = new Uint8Array(groups * size);
    const tieKeys = Int32Array.from({ length: groups * size }, (_, i) => i % size);
    const truth = new Float64Array(groups * size);
    const model = new Float64Array(groups * size);
    const popularity = new Float64Array(groups * size);
    for (let g = 0; g < groups; g++) {
      const positive = g * size + Math.floor(random() * size);
      labels[positive] = 1;
      for (let i = g * size; i < (g + 1) * size; i++) {
        truth[i] = random() * 0.2 + (i === positive ? 0.5 : 0);
        model[i] = random() + (i === positive ? 0.6 : 0);
        popularity[i] = random() + (i === positive ? 0.3 : 0);
      }
    }
    return evaluateGroupsOfRankers({ offsets, labels, tieKeys, truth }, { model, popularity }, { k: 5 });
  }

  it('is seeded, centres on the estimate, and the paired difference interval excludes 0 for a real gap', () => {
    const rankers = simulated(400, 1);
    const a = bootstrapGroupMetrics(rankers, { replicates: 400, seed: 3 });
    expect(bootstrapGroupMetrics(rankers, { replicates: 400, seed: 3 })).toEqual(a);
    expect(a.metrics).toEqual(['map@5', 'ndcg@5', 'mrr', 'ctr@5', 'simulatedCtr@5']);
    expect(a.reference).toBe('popularity');
    for (const ranker of ['model', 'popularity', 'oracle']) {
      const summary = summarizeGroups(rankers[ranker]).metrics;
      for (const key of a.metrics) {
        const ci = a.rankers[ranker][key];
        expect(ci.estimate).toBeCloseTo(summary[key], 12);
        expect(ci.low).toBeLessThanOrEqual(ci.estimate);
        expect(ci.high).toBeGreaterThanOrEqual(ci.estimate);
      }
    }
    const gap = a.differences.model['map@5'];
    expect(gap.estimate).toBeGreaterThan(0);
    expect(gap.low).toBeGreaterThan(0);
    expect(a.differences).not.toHaveProperty('popularity');
  });

  it('matches the normal approximation of a mean over groups, and narrows as groups grow', () => {
    const small = simulated(200, 2);
    const large = simulated(3200, 2);
    const width = (r: typeof small) => {
      const ci = bootstrapGroupMetrics(r, { replicates: 1000, seed: 9 }).rankers.model.mrr;
      return ci.high - ci.low;
    };
    // Normal approximation: 2 x 1.96 x sd / sqrt(groups).
    const rr = Array.from(small.model.rr);
    const mean = rr.reduce((s, v) => s + v, 0) / rr.length;
    const sd = Math.sqrt(rr.reduce((s, v) => s + (v - mean) ** 2, 0) / (rr.length - 1));
    const normal = (2 * 1.96 * sd) / Math.sqrt(rr.length);
    expect(width(small) / normal).toBeGreaterThan(0.85);
    expect(width(small) / normal).toBeLessThan(1.15);
    expect(width(large) / width(small)).toBeCloseTo(0.25, 1);
  });

  it('gives a zero-width difference for identical rankers, and refuses rankers on other groups', () => {
    const rankers = simulated(100, 4);
    const same = bootstrapGroupMetrics(
      { a: rankers.model, b: rankers.model },
      { reference: 'a', replicates: 50 },
    );
    expect(same.differences.b['map@5']).toEqual({ estimate: 0, low: 0, high: 0 });
    const other = simulated(101, 4);
    expect(() => bootstrapGroupMetrics({ a: rankers.model, b: other.model })).toThrow(/share the groups/);
    expect(() => bootstrapGroupMetrics(rankers, { reference: 'nope' })).toThrow(/no ranker named "nope"/);
  });
});

describe('evaluateRankers with perGroup', () => {
  it('returns the same metrics plus the per-group record evaluateGroupsOfRankers gives', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 12 }), (groups, k) => {
        const { scores, truth, ...shared } = columns(groups);
        const popularity = scores.map((v) => (Number.isNaN(v) ? 0 : 1 - v));
        const plain = evaluateRankers({ ...shared, truth }, { model: scores, popularity }, { k });
        const withGroups = evaluateRankers(
          { ...shared, truth },
          { model: scores, popularity },
          { k, perGroup: true },
        );
        const separate = evaluateGroupsOfRankers({ ...shared, truth }, { model: scores, popularity }, { k });
        for (const name of Object.keys(plain)) {
          const { perGroup, ...rest } = withGroups[name];
          expect(JSON.stringify(rest)).toBe(JSON.stringify(plain[name]));
          expect(perGroup).toEqual(separate[name]);
        }
      }),
      { seed: 9, numRuns: 100 },
    );
  });
});
