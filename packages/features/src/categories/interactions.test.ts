/**
 * The issue-13 categories (postQuality, freshness, taste) against naive restatements of their rules: one
 * scan of the whole log per query, written independently of the indexes and sweeps.
 */
import { MICROS_PER_DAY, MICROS_PER_HOUR, type RawTable } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BUCKETS, ageBucket } from '../age-cohorts.js';
import { createFeatureContext } from '../context.js';
import { featurize } from '../featurize.js';
import { candidateQueries, mixedQueries } from '../testing/queries.js';
import { randomLog } from '../testing/random-log.js';
import { referenceAsOfRow, referenceCountsRow } from '../testing/reference.js';
import type { FeatureFrame, QueryPoints } from '../types.js';

const logArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  rows: fc.integer({ min: 1, max: 160 }),
  users: fc.integer({ min: 1, max: 6 }),
  posts: fc.integer({ min: 1, max: 10 }),
  // Short logs: post ages spread over every age bucket; long ones: the 7- and 28-day windows matter.
  days: fc.constantFrom(2, 5, 40),
  instantsPerDay: fc.constantFrom(1, 4, 24),
  candidates: fc.boolean(),
});

const PRIOR = 10;
const rate = (opens: number, views: number, prior: number) =>
  Number.isNaN(prior) ? (views > 0 ? opens / views : Number.NaN) : (opens + PRIOR * prior) / (views + PRIOR);

/** The bucket by its definition: [0, 1) h, then doubling widths from 1 h, 128 h and more last. */
const bucketOf = (hours: number) => (hours < 1 ? 0 : Math.min(8, Math.floor(Math.log2(hours)) + 1));

function value(frame: FeatureFrame, name: string, i: number): number {
  return (frame.columns[name] as Float32Array)[i];
}

function expectSame(actual: number, expected: number, what: string): void {
  expect(Object.is(actual, Math.fround(expected)), `${what}: ${actual} vs ${Math.fround(expected)}`).toBe(
    true,
  );
}

function queriesFor(log: RawTable, o: { seed: number; candidates: boolean }): QueryPoints {
  return o.candidates ? candidateQueries(log, o.seed, 5) : mixedQueries(log, o.seed ^ 7, 30);
}

describe('postQuality', () => {
  it('files post ages in doubling buckets: <1 h, 1-2 h, 2-4 h ... 64-128 h, 128 h and more', () => {
    const cases: [number, number][] = [
      [0, 0],
      [0.99, 0],
      [1, 1],
      [1.99, 1],
      [2, 2],
      [7.9, 3],
      [8, 4],
      [47, 6],
      [127.9, 7],
      [128, 8],
      [10_000, 8],
    ];
    for (const [hours, bucket] of cases) expect(ageBucket(hours), `${hours} h`).toBe(bucket);
    expect(AGE_BUCKETS).toBe(9);
  });

  it('velocity and ratio to same-age posts equal a brute-force count, bit for bit', () => {
    fc.assert(
      fc.property(logArb, (o) => {
        const log = randomLog(o.seed, o);
        const q = queriesFor(log, o);
        const frame = featurize(createFeatureContext(log), q, ['postQuality']);
        const c = log.columns;
        const counters = [c.post_likes_count, c.post_comments_count, c.survey_answers_count];
        const stems = ['likes', 'comments', 'survey_answers'];
        for (let i = 0; i < q.length; i++) {
          const t = q.time[i];
          const r = q.post[i] >= 0 ? referenceCountsRow(log, q.post[i], t) : -1;
          for (let k = 0; k < 3; k++) {
            const velocity = value(frame, `quality_${stems[k]}_per_hour`, i);
            const relative = value(frame, `quality_${stems[k]}_vs_same_age`, i);
            if (r < 0) {
              expect(velocity).toBeNaN();
              expect(relative).toBeNaN();
              continue;
            }
            const hours = c.post_age_in_minutes[r] / 60;
            let sum = 0;
            let count = 0;
            for (let x = 0; x < log.length; x++) {
              const tx = c.tracker_created_at[x];
              if (
                tx >= t - 7 * MICROS_PER_DAY &&
                tx < t &&
                bucketOf(c.post_age_in_minutes[x] / 60) === bucketOf(hours)
              ) {
                sum += counters[k][x];
                count++;
              }
            }
            const mean = count > 0 ? sum / count : Number.NaN;
            expectSame(velocity, counters[k][r] / (hours + 1), `velocity ${stems[k]} ${i}`);
            expectSame(relative, Math.log1p(counters[k][r]) - Math.log1p(mean), `relative ${stems[k]} ${i}`);
          }
        }
      }),
      { numRuns: 40, seed: 31 },
    );
  });
});

describe('freshness', () => {
  it('log age at t and the hour of day on the circle', () => {
    fc.assert(
      fc.property(logArb, (o) => {
        const log = randomLog(o.seed, o);
        const q = queriesFor(log, o);
        const context = createFeatureContext(log);
        const frame = featurize(context, q, ['freshness']);
        for (let i = 0; i < q.length; i++) {
          const p = q.post[i];
          const hours = p >= 0 ? (q.time[i] - context.postCreationMicros[p]) / MICROS_PER_HOUR : Number.NaN;
          expectSame(
            value(frame, 'fresh_log_age_hours', i),
            Number.isNaN(hours) ? Number.NaN : Math.log(1 + Math.max(0, hours)),
            `age ${i}`,
          );
          const date = new Date(q.time[i] / 1000);
          const hour = date.getUTCHours() + date.getUTCMinutes() / 60 + date.getUTCSeconds() / 3600;
          expect(value(frame, 'fresh_hour_of_day_sin', i)).toBeCloseTo(
            Math.sin((2 * Math.PI * hour) / 24),
            5,
          );
          expect(value(frame, 'fresh_hour_of_day_cos', i)).toBeCloseTo(
            Math.cos((2 * Math.PI * hour) / 24),
            5,
          );
        }
      }),
      { numRuns: 20, seed: 37 },
    );
  });
});

describe('taste', () => {
  it('her smoothed open rate on posts like the candidate equals a brute-force count, bit for bit', () => {
    const stageNames = ['pregnant', 'mom', 'trying'];
    fc.assert(
      fc.property(logArb, (o) => {
        const log = randomLog(o.seed, o);
        const q = queriesFor(log, o);
        const frame = featurize(createFeatureContext(log), q, ['taste']);
        const c = log.columns;
        // The class of a log row or a candidate per kind, from the row it is read on.
        const stageClass = (r: number) => {
          const code = c.author_maternity_stage.codes[r];
          const i = code < 0 ? -1 : stageNames.indexOf(c.author_maternity_stage.dictionary[code]);
          return i < 0 ? 3 : i;
        };
        const classOf = [
          stageClass,
          (r: number) => c.has_picture[r],
          (r: number) => c.has_video[r],
          (r: number) => (c.survey_answers_count[r] > 0 ? 1 : 0),
        ];
        const kinds = ['author_stage', 'picture', 'video', 'survey'];
        for (let i = 0; i < q.length; i++) {
          const t = q.time[i];
          const u = q.user[i];
          const p = q.post[i];
          const staticRow = p >= 0 ? referenceAsOfRow(log, c.trackable_id.codes, p, t) : -1;
          const countsRow = p >= 0 ? referenceCountsRow(log, p, t) : -1;
          for (const [label, days] of [
            ['7d', 7],
            ['28d', 28],
          ] as const) {
            const from = t - days * MICROS_PER_DAY;
            let allViews = 0;
            let allOpens = 0;
            let views = 0;
            let opens = 0;
            for (let r = 0; r < log.length; r++) {
              const tr = c.tracker_created_at[r];
              if (tr < from || tr >= t) continue;
              allViews++;
              allOpens += c.has_been_opened[r];
              if (c.user_id.codes[r] === u) {
                views++;
                opens += c.has_been_opened[r];
              }
            }
            const own = rate(opens, views, allViews > 0 ? allOpens / allViews : Number.NaN);
            kinds.forEach((kind, k) => {
              const row = k === 3 ? countsRow : staticRow;
              const actual = value(frame, `taste_${kind}_open_rate_${label}`, i);
              if (row < 0) {
                expect(actual, `${kind} ${i}`).toBeNaN();
                return;
              }
              const wanted = classOf[k](row);
              let classViews = 0;
              let classOpens = 0;
              for (let r = 0; r < log.length; r++) {
                const tr = c.tracker_created_at[r];
                if (tr < from || tr >= t || c.user_id.codes[r] !== u || classOf[k](r) !== wanted) continue;
                classViews++;
                classOpens += c.has_been_opened[r];
              }
              expectSame(actual, rate(classOpens, classViews, own), `${kind} ${label} query ${i}`);
            });
          }
        }
      }),
      { numRuns: 40, seed: 41 },
    );
  });
});
