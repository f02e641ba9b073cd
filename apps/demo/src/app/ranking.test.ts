import { describe, expect, it } from 'vitest';
import { topK } from './ranking.js';

describe('topK', () => {
  it('ranks by score, ties by post id rank (the tie key), NaN last', () => {
    const scores = Float32Array.of(0.5, 0.9, 0.5, Number.NaN, 0.7);
    const tieKeys = Int32Array.of(3, 0, 1, 2, 4);
    const ids = ['d', 'a', 'b', 'c', 'e'];
    const top = topK(scores, tieKeys, ids, new Set(['b']), 4);
    expect(top.map((t) => t.trackableId)).toEqual(['a', 'e', 'b', 'd']);
    expect(top.map((t) => t.rank)).toEqual([1, 2, 3, 4]);
    expect(top.map((t) => t.opened)).toEqual([false, false, true, false]);
    expect(topK(scores, tieKeys, ids, new Set(), 10)).toHaveLength(5);
  });
});
