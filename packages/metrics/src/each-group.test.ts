import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricsOfEachGroup } from './each-group.js';
import { evaluateRanking } from './evaluate.js';

describe('metricsOfEachGroup', () => {
  it('gives the per-group terms whose mean evaluateRanking reports', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), {
            minLength: 1,
            maxLength: 12,
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (groups) => {
          const offsets = Int32Array.from([0, ...groups.map((_, g) => groups.slice(0, g + 1).flat().length)]);
          const rows = groups.flat();
          const scores = Float64Array.from(rows, ([s]) => s);
          const labels = Uint8Array.from(rows, ([, y]) => (y ? 1 : 0));
          const tieKeys = Int32Array.from(rows, (_, i) => i);
          const each = metricsOfEachGroup({ offsets, scores, labels, tieKeys }, 10);
          const all = evaluateRanking({ offsets, scores, labels, tieKeys }, { k: 10 });
          const mean = (v: Float64Array) => {
            const kept = Array.from(v).filter((x) => !Number.isNaN(x));
            return kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : Number.NaN;
          };
          expect(each.ndcg.length).toBe(groups.length);
          if (all.evaluatedGroups === 0) expect(Number.isNaN(mean(each.ndcg))).toBe(true);
          else {
            expect(mean(each.ndcg)).toBeCloseTo(all.metrics['ndcg@10'], 12);
            expect(mean(each.ap)).toBeCloseTo(all.metrics['map@10'], 12);
          }
        },
      ),
    );
  });

  it('marks a group without a positive NaN (hand fixture)', () => {
    const each = metricsOfEachGroup(
      {
        offsets: Int32Array.of(0, 2, 4),
        scores: [0.9, 0.1, 0.2, 0.8],
        labels: [0, 1, 0, 0],
        tieKeys: [0, 1, 2, 3],
      },
      10,
    );
    // Group 1: the positive ranked 2nd: NDCG = (1 / log2 3) / 1, AP = 1/2.
    expect(each.ndcg[0]).toBeCloseTo(1 / Math.log2(3), 12);
    expect(each.ap[0]).toBeCloseTo(0.5, 12);
    expect(Number.isNaN(each.ndcg[1])).toBe(true);
  });
});
