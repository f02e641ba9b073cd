import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rocAuc } from './auc.js';
import { evaluateRanking } from './evaluate.js';
import { logLoss } from './log-loss.js';

const LOG2_3 = Math.log2(3);

/**
 * Four groups, k = 3 (every value below is worked out by hand in the comments):
 * - g0 (rows 0-4): ranked labels 0 1 0 1 1, R = 3 (ordinary group).
 * - g1 (rows 5-7): no positive: left out of the label metrics, counted.
 * - g2 (rows 8-9): two rows (k larger than the group), tied scores broken by tie key: the negative
 *   (key 5) ranks above the positive (key 7).
 * - g3 (rows 10-14): R = 4 > k positives, ranked labels 0 1 1 1 1.
 */
const fixture = {
  offsets: Int32Array.of(0, 5, 8, 10, 15),
  scores: Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.3, 0.2, 0.1, 0.4, 0.4, 0.1, 0.2, 0.3, 0.4, 0.5),
  labels: Uint8Array.of(0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 0),
  tieKeys: Int32Array.of(0, 1, 2, 3, 4, 0, 1, 2, 7, 5, 0, 1, 2, 3, 4),
  truth: Float64Array.of(0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.05, 0.05, 0.6, 0.2, 0.1, 0.1, 0.1, 0.1, 0.9),
};

describe('evaluateRanking on the hand fixture (k = 3)', () => {
  const result = evaluateRanking(fixture, { k: 3 });
  const m = result.metrics;

  it('counts groups, positives and the group left out', () => {
    expect(result).toMatchObject({
      rows: 15,
      groups: 4,
      evaluatedGroups: 3,
      groupsWithoutPositive: 1,
      positives: 8,
    });
  });

  it('MAP@3 uses the min(k, R) denominator', () => {
    // g0: positives at ranks 2 (P@2 = 1/2) and 4, 5 (beyond k): AP = (1/2) / min(3, 3) = 1/6
    // g2: positive at rank 2: AP = (1/2) / min(3, 1) = 1/2
    // g3: positives at ranks 2, 3 within k: AP = (1/2 + 2/3) / min(3, 4) = 7/18
    expect(m['map@3']).toBeCloseTo((1 / 6 + 1 / 2 + 7 / 18) / 3, 12); // 19/54
  });

  it('NDCG@3 with binary gains and the ideal over the group R', () => {
    const g0 = 1 / LOG2_3 / (1 + 1 / LOG2_3 + 1 / 2); // one hit at rank 2; ideal: 3 hits
    const g2 = 1 / LOG2_3 / 1; // hit at rank 2; ideal: 1 hit at rank 1
    const g3 = (1 / LOG2_3 + 1 / 2) / (1 + 1 / LOG2_3 + 1 / 2); // hits at 2, 3; ideal: 3 hits (k caps R = 4)
    expect(m['ndcg@3']).toBeCloseTo((g0 + g2 + g3) / 3, 12);
  });

  it('MRR, meanRank and CTR@3', () => {
    expect(m.mrr).toBeCloseTo(0.5, 12); // first positive at rank 2 in all three groups
    expect(m.meanRank).toBeCloseTo((2 + 4 + 5 + 2 + 2 + 3 + 4 + 5) / 8, 12); // 3.375, over all 8 positives
    expect(m['ctr@3']).toBeCloseTo((1 + 1 + 2) / (3 + 2 + 3), 12); // g2 shows only its 2 rows
  });

  it('global AUC with ties counted one half', () => {
    // positive: negatives below + 1/2 equal -> .8: 6, .6: 5, .5: 4.5, .4: 3.5, .1: .5, .2: 1.5, .3: 2.5, .4: 3.5
    expect(m.auc).toBeCloseTo(27 / 56, 12);
  });

  it('log loss over all rows, and simulatedCtr@3 over every group (the one without positive included)', () => {
    expect(m.logloss).toBe(logLoss(fixture.scores, fixture.labels));
    // top-3 truths: g0 .5+.4+.3, g1 .05*3, g2 .6+.2 (2 rows), g3 .9+.1+.1 -> 3.25 over 11 items
    expect(m['simulatedCtr@3']).toBeCloseTo(3.25 / 11, 12);
  });

  it('mean per-group AUC over groups with a positive and a negative', () => {
    // g0: pos rank 2 beats the negative at 3 -> 1/6; g2: tie -> 1/2; g3: every positive below -> 0
    expect(result.meanGroupAuc).toBeCloseTo((1 / 6 + 1 / 2 + 0) / 3, 12);
    expect(result.groupsWithAuc).toBe(3);
  });

  it('has exactly the report keys, named after k', () => {
    expect(Object.keys(m)).toEqual([
      'map@3',
      'ndcg@3',
      'mrr',
      'meanRank',
      'auc',
      'logloss',
      'ctr@3',
      'simulatedCtr@3',
    ]);
    const { truth: _truth, ...noTruth } = fixture;
    expect(Object.keys(evaluateRanking(noTruth, { k: 10 }).metrics)).toEqual([
      'map@10',
      'ndcg@10',
      'mrr',
      'meanRank',
      'auc',
      'logloss',
      'ctr@10',
    ]);
  });

  it('k larger than every group scores the whole ranking', () => {
    const all = evaluateRanking(fixture, { k: 100 }).metrics;
    // g0: (1/2 + 2/4 + 3/5) / 3; g2: 1/2; g3: (1/2 + 2/3 + 3/4 + 4/5) / 4
    expect(all['map@100']).toBeCloseTo(
      ((1 / 2 + 2 / 4 + 3 / 5) / 3 + 1 / 2 + (1 / 2 + 2 / 3 + 3 / 4 + 4 / 5) / 4) / 3,
      12,
    );
    expect(all['ctr@100']).toBeCloseTo(8 / 12, 12); // every row of the evaluated groups is "shown"
  });
});

describe('evaluateRanking edge cases', () => {
  it('reports NaN (not 0) when no group has a positive', () => {
    const r = evaluateRanking(
      {
        offsets: Int32Array.of(0, 2),
        scores: Float64Array.of(0.2, 0.1),
        labels: Uint8Array.of(0, 0),
        tieKeys: Int32Array.of(0, 1),
      },
      { k: 10 },
    );
    expect(r.groupsWithoutPositive).toBe(1);
    for (const key of ['map@10', 'ndcg@10', 'mrr', 'meanRank', 'auc', 'ctr@10']) {
      expect(r.metrics[key as 'mrr']).toBeNaN();
    }
  });

  it('reports NaN log loss for scores that are not probabilities, or when told so', () => {
    const input = {
      offsets: Int32Array.of(0, 2),
      scores: Float64Array.of(3, 0),
      labels: Uint8Array.of(1, 0),
      tieKeys: Int32Array.of(0, 1),
    };
    expect(evaluateRanking(input, { k: 10 }).metrics.logloss).toBeNaN();
    const binary = { ...input, scores: Float64Array.of(1, 0) };
    expect(evaluateRanking(binary, { k: 10, scoresAreProbabilities: false }).metrics.logloss).toBeNaN();
    expect(evaluateRanking(binary, { k: 10 }).metrics.logloss).toBeCloseTo(-Math.log(1 - 1e-15), 20);
  });

  it('rejects a bad k, mismatched columns and negative labels', () => {
    const ok = {
      offsets: Int32Array.of(0, 1),
      scores: Float64Array.of(1),
      labels: Uint8Array.of(1),
      tieKeys: Int32Array.of(0),
    };
    expect(() => evaluateRanking(ok, { k: 0 })).toThrow(/k: expected a positive integer/);
    expect(() => evaluateRanking(ok, { k: 2.5 })).toThrow(/k: expected a positive integer/);
    expect(() => evaluateRanking({ ...ok, labels: Uint8Array.of(1, 0) }, { k: 1 })).toThrow(
      /labels: expected 1 rows/,
    );
    expect(() => evaluateRanking({ ...ok, labels: Float64Array.of(-1) }, { k: 1 })).toThrow(
      /labels\[0\]: expected a finite label >= 0/,
    );
    expect(() => evaluateRanking({ ...ok, truth: Float64Array.of() }, { k: 1 })).toThrow(
      /truth: expected 1 rows/,
    );
  });
});

/** A plain, slow, obviously-correct reference: one array of objects per group, sorted, definitions verbatim. */
function naiveMetrics(groups: { score: number; label: number; key: number }[][], k: number) {
  const aps: number[] = [];
  const rrs: number[] = [];
  const ndcgs: number[] = [];
  const ranks: number[] = [];
  for (const group of groups) {
    const ranked = [...group].sort((a, b) => {
      const an = Number.isNaN(a.score);
      const bn = Number.isNaN(b.score);
      if (an !== bn) return an ? 1 : -1;
      if (!an && a.score !== b.score) return b.score - a.score;
      return a.key - b.key;
    });
    const R = ranked.filter((r) => r.label > 0).length;
    if (R === 0) continue;
    let hits = 0;
    let ap = 0;
    let dcg = 0;
    let idcg = 0;
    let rr = 0;
    ranked.forEach((r, i) => {
      const rank = i + 1;
      if (r.label > 0) {
        hits++;
        ranks.push(rank);
        if (rr === 0) rr = 1 / rank;
        if (rank <= k) {
          ap += hits / rank;
          dcg += 1 / Math.log2(rank + 1);
        }
      }
    });
    for (let i = 1; i <= Math.min(k, R); i++) idcg += 1 / Math.log2(i + 1);
    aps.push(ap / Math.min(k, R));
    rrs.push(rr);
    ndcgs.push(dcg / idcg);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { map: mean(aps), mrr: mean(rrs), ndcg: mean(ndcgs), meanRank: mean(ranks) };
}

const rowArb = fc.record({
  score: fc.oneof(fc.constantFrom(0, 0.5, 1, Number.NaN), fc.double({ min: 0, max: 1, noNaN: true })),
  label: fc.constantFrom(0, 0, 0, 1),
});
const groupsArb = fc.array(fc.array(rowArb, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 8 });

function toColumns(groups: { score: number; label: number }[][]) {
  const rows = groups.flat();
  const offsets = new Int32Array(groups.length + 1);
  groups.forEach((g, i) => {
    offsets[i + 1] = offsets[i] + g.length;
  });
  return {
    offsets,
    scores: Float64Array.from(rows, (r) => r.score),
    labels: Uint8Array.from(rows, (r) => r.label),
    // Distinct keys per group: the row's position, reversed so the tie-break is not the row order.
    tieKeys: Int32Array.from(groups.flatMap((g) => g.map((_, i) => g.length - i))),
  };
}

describe('evaluateRanking properties', () => {
  it('agrees with a naive reference implementation', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 30 }), (groups, k) => {
        const columns = toColumns(groups);
        const keyed = groups.map((g) => g.map((r, i) => ({ ...r, key: g.length - i })));
        const naive = naiveMetrics(keyed, k);
        const m = evaluateRanking(columns, { k }).metrics as Record<string, number>;
        if (Number.isNaN(naive.map)) {
          expect(m[`map@${k}`]).toBeNaN();
          return;
        }
        expect(m[`map@${k}`]).toBeCloseTo(naive.map, 12);
        expect(m[`ndcg@${k}`]).toBeCloseTo(naive.ndcg, 12);
        expect(m.mrr).toBeCloseTo(naive.mrr, 12);
        expect(m.meanRank).toBeCloseTo(naive.meanRank, 12);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('keeps MAP, NDCG, MRR, CTR and AUC in [0, 1]', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 30 }), (groups, k) => {
        const r = evaluateRanking(toColumns(groups), { k });
        const m = r.metrics as Record<string, number>;
        for (const key of [`map@${k}`, `ndcg@${k}`, 'mrr', `ctr@${k}`, 'auc']) {
          if (!Number.isNaN(m[key])) {
            expect(m[key]).toBeGreaterThanOrEqual(0);
            expect(m[key]).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
        expect(Number.isNaN(m[`map@${k}`])).toBe(r.evaluatedGroups === 0);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('scores a perfect ranking 1 on MAP, NDCG and MRR', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 30 }), (groups, k) => {
        const columns = toColumns(groups);
        const perfect = Float64Array.from(columns.labels); // positives above negatives
        const r = evaluateRanking({ ...columns, scores: perfect }, { k });
        fc.pre(r.evaluatedGroups > 0);
        const m = r.metrics as Record<string, number>;
        expect(m[`map@${k}`]).toBeCloseTo(1, 12);
        expect(m[`ndcg@${k}`]).toBeCloseTo(1, 12);
        expect(m.mrr).toBe(1);
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it('gives MRR 1 / size (and meanRank = size) when a group has one positive, ranked last', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 20 }), (size, k) => {
        const scores = Float64Array.from({ length: size }, (_, i) => size - i); // row size-1 scores lowest
        const labels = new Uint8Array(size);
        labels[size - 1] = 1;
        const tieKeys = Int32Array.from({ length: size }, (_, i) => i);
        const r = evaluateRanking({ offsets: Int32Array.of(0, size), scores, labels, tieKeys }, { k });
        expect(r.metrics.mrr).toBeCloseTo(1 / size, 15);
        expect(r.metrics.meanRank).toBe(size);
        // Beyond k it contributes nothing to AP@k; within k, AP = 1 / size.
        expect((r.metrics as Record<string, number>)[`map@${k}`]).toBeCloseTo(size <= k ? 1 / size : 0, 15);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('does not depend on the row order within a group, given the tie keys', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 30 }), fc.integer(), (groups, k, seed) => {
        const columns = toColumns(groups);
        // Reverse every group's rows, carrying their tie keys along.
        const perm = new Int32Array(columns.scores.length);
        for (let g = 0; g + 1 < columns.offsets.length; g++) {
          const lo = columns.offsets[g];
          const hi = columns.offsets[g + 1];
          for (let j = lo; j < hi; j++) perm[j] = (seed & 1) === 0 ? hi - 1 - (j - lo) : j;
        }
        const moved = {
          offsets: columns.offsets,
          scores: Float64Array.from(perm, (i) => columns.scores[i]),
          labels: Uint8Array.from(perm, (i) => columns.labels[i]),
          tieKeys: Int32Array.from(perm, (i) => columns.tieKeys[i]),
        };
        const { logloss: movedLoss, ...movedRest } = evaluateRanking(moved, { k }).metrics;
        const { logloss, ...rest } = evaluateRanking(columns, { k }).metrics;
        expect(movedRest).toEqual(rest);
        // Log loss is a plain sum over rows: a different row order may change its last bit, nothing more.
        if (Number.isNaN(logloss)) expect(movedLoss).toBeNaN();
        else expect(movedLoss).toBeCloseTo(logloss, 12);
      }),
      { seed: 19, numRuns: 200 },
    );
  });

  it('computes the global AUC like a pairwise count', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 2, maxLength: 60 }), (rows) => {
        const scores = rows.map((r) => (Number.isNaN(r.score) ? Number.NEGATIVE_INFINITY : r.score));
        let wins = 0;
        let pairs = 0;
        rows.forEach((p, i) => {
          if (p.label === 0) return;
          rows.forEach((n, j) => {
            if (n.label !== 0) return;
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
          });
        });
        const auc = rocAuc(
          Float64Array.from(rows, (r) => r.score),
          Uint8Array.from(rows, (r) => r.label),
        );
        if (pairs === 0) expect(auc).toBeNaN();
        else expect(auc).toBeCloseTo(wins / pairs, 12);
      }),
      { seed: 23, numRuns: 300 },
    );
  });
});
