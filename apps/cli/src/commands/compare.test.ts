import { describe, expect, it } from 'vitest';
import { buildLeaderboard, type LeaderboardEntry, pairedDifference, selectModels } from './compare.js';

function entry(name: string, ndcg: number, parameters: number, groupNdcg: number[], loss = 'pointwise') {
  return {
    name,
    description: name,
    model: { loss } as LeaderboardEntry['model'],
    eval: {
      ndcg,
      map: ndcg,
      loss: 0.4,
      auc: 0.6,
      groups: groupNdcg.length,
      bestEpoch: 1,
      epochs: 2,
      differenceToBest: null,
      differenceStdErr: null,
    },
    parameters,
    test: {},
    simulatedCtrVsOracle: null,
    personalisation: null,
    train: { wallSeconds: 1, cpuSeconds: 1, backend: 'cpu' },
    scoring: { candidates: 1, scoreRankPerSecond: 1, candidatePathPerSecond: 1, predictWallSeconds: 1 },
    groupNdcg,
  };
}

describe('pairedDifference', () => {
  it('gives the mean difference and its paired standard error (hand values)', () => {
    // Differences 0.1, 0.3, 0.2: mean 0.2, sample std 0.1, SE 0.1 / sqrt(3).
    const d = pairedDifference([0.6, 0.8, 0.7], [0.5, 0.5, 0.5]);
    expect(d?.mean).toBeCloseTo(0.2, 12);
    expect(d?.stdErr).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    expect(pairedDifference([1, 2], [1])).toBeNull();
  });
});

describe('buildLeaderboard', () => {
  it('ranks by eval NDCG and chooses the fewest parameters within one paired standard error', () => {
    const best = entry('big', 0.8, 5000, [0.9, 0.7, 0.8, 0.8]);
    // 0.01 below on average, with differences spread well over one SE: within the noise.
    const close = entry('small', 0.79, 300, [0.95, 0.6, 0.85, 0.76]);
    // 0.1 below on every group: clearly worse, however few its parameters.
    const worse = entry('tiny', 0.7, 10, [0.8, 0.6, 0.7, 0.7]);
    const board = buildLeaderboard([worse, close, best], {}, {}, 10);
    expect(board.entries.map((e) => e.name)).toEqual(['big', 'small', 'tiny']);
    expect(board.best).toBe('big');
    expect(board.chosen).toBe('small');
    expect(board.entries[1].eval.differenceToBest).toBeCloseTo(-0.01, 12);
    expect(board.entries[2].eval.differenceStdErr).toBeCloseTo(0, 12);
    expect(board.entries[0]).not.toHaveProperty('groupNdcg');
  });

  it('prefers a pointwise loss between rankers of as many parameters', () => {
    const listwise = entry('logreg-listwise', 0.8, 300, [0.9, 0.7, 0.8, 0.8], 'listwise');
    const pointwise = entry('logreg', 0.79, 300, [0.95, 0.6, 0.85, 0.76]);
    expect(buildLeaderboard([listwise, pointwise], {}, {}, 10).chosen).toBe('logreg');
  });
});

describe('selectModels', () => {
  it('keeps config order and names unknown models', () => {
    const models = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
    expect(selectModels(models, ['c', 'a']).map((m) => m.name)).toEqual(['a', 'c']);
    expect(selectModels(models, undefined)).toEqual(models);
    expect(() => selectModels(models, ['x'])).toThrow(
      'compare --models: unknown x; compare.models has a, b, c',
    );
  });
});
