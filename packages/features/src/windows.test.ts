import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFeatureContext } from './context.js';
import { featurize } from './featurize.js';
import { candidateQueries, mixedQueries } from './testing/queries.js';
import { randomLog } from './testing/random-log.js';
import {
  byPair,
  byPost,
  byUser,
  type KeyOf,
  referenceHistory,
  referenceWindow,
} from './testing/reference.js';
import type { FeatureFrame } from './types.js';
import { PRIOR_VIEWS, WINDOWS } from './window-features.js';

const logArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  rows: fc.integer({ min: 0, max: 160 }),
  users: fc.integer({ min: 1, max: 6 }),
  posts: fc.integer({ min: 1, max: 12 }),
  instantsPerDay: fc.constantFrom(1, 3, 24),
});

function column(frame: FeatureFrame, name: string): Float32Array {
  const c = frame.columns[name];
  if (!(c instanceof Float32Array)) throw new Error(`${name} is not numeric`);
  return c;
}

function checkWindowCategory(
  frame: FeatureFrame,
  prefix: string,
  match: KeyOf,
  rate: boolean,
  log: ReturnType<typeof randomLog>,
  queries: ReturnType<typeof mixedQueries>,
): void {
  for (let i = 0; i < queries.length; i++) {
    const u = queries.user[i];
    const p = queries.post[i];
    const t = queries.time[i];
    for (const w of WINDOWS) {
      const ref = referenceWindow(log, match, u, p, t, w.micros);
      expect(column(frame, `${prefix}_views_${w.label}`)[i], `${prefix} views ${w.label} q${i}`).toBe(
        ref.views,
      );
      expect(column(frame, `${prefix}_opens_${w.label}`)[i], `${prefix} opens ${w.label} q${i}`).toBe(
        ref.opens,
      );
      if (rate) {
        const m = ref.globalViews > 0 ? ref.globalOpens / ref.globalViews : Number.NaN;
        const expected = Number.isNaN(m)
          ? ref.views > 0
            ? ref.opens / ref.views
            : Number.NaN
          : (ref.opens + PRIOR_VIEWS * m) / (ref.views + PRIOR_VIEWS);
        expect(column(frame, `${prefix}_open_rate_${w.label}`)[i]).toBe(Math.fround(expected));
      }
    }
    const h = referenceHistory(log, match, u, p, t);
    expect(column(frame, `${prefix}_views_before`)[i]).toBe(h.before);
    expect(column(frame, `${prefix}_hours_since_last_view`)[i]).toBe(Math.fround(h.hoursSinceView));
    expect(column(frame, `${prefix}_hours_since_last_open`)[i]).toBe(Math.fround(h.hoursSinceOpen));
  }
}

describe('window features equal an O(n^2) brute force on random logs', () => {
  it('post popularity, user-post popularity and user activity over [t - w, t)', () => {
    fc.assert(
      fc.property(logArb, (o) => {
        const log = randomLog(o.seed, o);
        const queries = mixedQueries(log, o.seed + 1, 40);
        const context = createFeatureContext(log);
        const frame = featurize(context, queries, ['postPopularity', 'userPostPopularity', 'userActivity']);
        checkWindowCategory(frame, 'post_pop', byPost, true, log, queries);
        checkWindowCategory(frame, 'user_post', byPair, false, log, queries);
        checkWindowCategory(frame, 'user_act', byUser, true, log, queries);
      }),
      { numRuns: 40, seed: 20230103 },
    );
  });

  it('the same on candidate-shaped queries (long runs of one user and time over every post)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 64, max: 90 }),
        (seed, posts) => {
          const log = randomLog(seed, { rows: 400, users: 3, posts, instantsPerDay: 3 });
          const queries = candidateQueries(log, seed + 1, 6);
          const context = createFeatureContext(log);
          const frame = featurize(context, queries, ['postPopularity', 'userPostPopularity', 'userActivity']);
          checkWindowCategory(frame, 'post_pop', byPost, true, log, queries);
          checkWindowCategory(frame, 'user_post', byPair, false, log, queries);
          checkWindowCategory(frame, 'user_act', byUser, true, log, queries);
        },
      ),
      { numRuns: 10, seed: 20230128 },
    );
  });

  it('never counts the event at exactly t (a row does not see its own impression)', () => {
    const log = randomLog(7, { rows: 1, users: 1, posts: 1 });
    const context = createFeatureContext(log);
    const q = mixedQueries(log, 1, 0);
    const frame = featurize(context, q, ['postPopularity', 'userActivity', 'userPostPopularity']);
    for (const spec of frame.specs) {
      const value = column(frame, spec.name)[0];
      if (spec.name.includes('rate') || spec.name.includes('hours')) expect(value).toBeNaN();
      else expect(value, spec.name).toBe(0);
    }
  });
});
