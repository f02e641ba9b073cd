import { describe, expect, it } from 'vitest';
import { createFeatureContext } from './context.js';
import { featurize } from './featurize.js';
import { POPULARITY_CATEGORY, POPULARITY_FEATURE, popularityScores } from './index.js';
import { candidateQueries } from './testing/queries.js';
import { randomLog } from './testing/random-log.js';

describe('popularityScores (the most-popular baseline)', () => {
  const log = randomLog(11, { rows: 400, users: 8, posts: 12 });
  const context = createFeatureContext(log);
  const queries = candidateQueries(log, 11, 10);
  const built = featurize(context, queries, [POPULARITY_CATEGORY]).columns[
    POPULARITY_FEATURE
  ] as Float32Array;

  it('is the postPopularity category trailing-day opens, computed when the ranker did not build it', () => {
    const scores = popularityScores(context, queries);
    expect(scores).toBeInstanceOf(Float32Array);
    expect(Array.from(scores)).toEqual(Array.from(built));
    // Not a constant: the log has posts opened the day before some queries.
    expect(new Set(scores).size).toBeGreaterThan(1);
  });

  it('reuses the column when the ranker already built it', () => {
    expect(popularityScores(context, queries, { [POPULARITY_FEATURE]: built })).toBe(built);
  });
});
