/**
 * Test candidates (user, post, time) featurised as of their time by DuckDB and by the TypeScript
 * featuriser: every column agrees, and the point-in-time edges hold in both exactly (an event at t is
 * out, at t - 1 µs in; a window w keeps an event at t - w and drops one at t - w - 1 µs; as-of counters
 * come from an observation strictly before t), checked against a brute-force scan of the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MICROS_PER_DAY } from '@wemoms/data-schema';
import { readParquet, writeParquet } from '@wemoms/data-schema/node';
import {
  type CategoryDefinition,
  createFeatureContext,
  type FeatureColumn,
  type FeatureFrame,
  featurize,
  getCategoryDefinition,
  type QueryPoints,
  WINDOWS,
} from '@wemoms/features';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { columnDifferences } from '../testing/compare-frames.js';
import { type SyntheticFixture, syntheticFixture } from '../testing/synthetic-log.js';
import { featurizeCandidatesWithDuckDb } from './build-categories.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-feature-sql-candidates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Seeded PRNG (mulberry32): the candidates are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Featurised {
  readonly queries: QueryPoints;
  readonly ts: FeatureFrame;
  readonly sql: Record<string, FeatureColumn>;
}

let fixture: SyntheticFixture;
/** Random candidates (any user, any post, times on and off event times) and the edge candidates. */
let random: Featurised;
let edges: Featurised & { readonly event: Int32Array; readonly offset: Float64Array };

async function featuriseBoth(
  name: string,
  queries: QueryPoints,
  definitions?: readonly CategoryDefinition[],
): Promise<Featurised> {
  const c = fixture.log.columns;
  const candidatesPath = join(dir, `${name}-candidates.parquet`);
  writeParquet(candidatesPath, [
    { name: 'candidate_id', type: 'int32', data: Int32Array.from({ length: queries.length }, (_, i) => i) },
    { name: 'user_id', type: 'string', data: { codes: queries.user, dictionary: c.user_id.dictionary } },
    {
      name: 'trackable_id',
      type: 'string',
      data: { codes: queries.post, dictionary: c.trackable_id.dictionary },
    },
    { name: 'candidate_time', type: 'timestamp', data: queries.time },
  ]);
  const outPath = join(dir, `${name}-features.parquet`);
  const rows = await featurizeCandidatesWithDuckDb({
    logPath: fixture.logPath,
    candidatesPath,
    outPath,
    ...(definitions === undefined ? {} : { definitions }),
  });
  expect(rows).toBe(queries.length);
  const table = await readParquet(outPath);
  expect(Array.from(table.columns.candidate_id as ArrayLike<number | bigint>, Number)).toEqual(
    Array.from({ length: queries.length }, (_, i) => i),
  );
  const ts = featurize(
    createFeatureContext(fixture.log),
    queries,
    definitions?.map((d) => d.name),
  );
  return { queries, ts, sql: table.columns as Record<string, FeatureColumn> };
}

beforeAll(async () => {
  fixture = await syntheticFixture(dir, 12_000, 5);
  const c = fixture.log.columns;
  const n = fixture.log.length;
  const next = rng(17);
  const pick = () => Math.floor(next() * n);
  const q = 3000;
  const user = new Int32Array(q);
  const post = new Int32Array(q);
  const time = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    user[i] = c.user_id.codes[pick()];
    post[i] = c.trackable_id.codes[pick()];
    // A third exactly at an impression time (ties with the log), the rest up to a day around one.
    const at = c.tracker_created_at[pick()];
    time[i] = i % 3 === 0 ? at : at + Math.round((next() - 0.5) * MICROS_PER_DAY);
  }
  random = await featuriseBoth('random', { length: q, user, post, time });

  // Per sampled impression of a post, queries of that post at t = s + offset for the edge offsets.
  const offsets = [0, 1, ...WINDOWS.flatMap((w) => [w.micros, w.micros + 1])];
  const sampled = Array.from({ length: 200 }, pick);
  const e = sampled.length * offsets.length;
  const event = new Int32Array(e);
  const offset = new Float64Array(e);
  const edgeUser = new Int32Array(e);
  const edgePost = new Int32Array(e);
  const edgeTime = new Float64Array(e);
  sampled.forEach((r, k) => {
    offsets.forEach((o, j) => {
      const i = k * offsets.length + j;
      event[i] = r;
      offset[i] = o;
      edgeUser[i] = c.user_id.codes[r];
      edgePost[i] = c.trackable_id.codes[r];
      edgeTime[i] = c.tracker_created_at[r] + o;
    });
  });
  edges = {
    ...(await featuriseBoth('edges', { length: e, user: edgeUser, post: edgePost, time: edgeTime })),
    event,
    offset,
  };
}, 300_000);

describe('as-of features of test candidates: DuckDB vs TypeScript', () => {
  test('every column agrees on random candidates (ties with the log included)', () => {
    const keys = Array.from({ length: random.queries.length }, (_, i) => i);
    const differences = random.ts.specs.flatMap((s) =>
      columnDifferences(s.name, random.sql[s.name], random.ts.columns[s.name], keys),
    );
    expect(differences).toEqual([]);
  });

  test('every column agrees on the point-in-time edge candidates', () => {
    const keys = Array.from({ length: edges.queries.length }, (_, i) => i);
    const differences = edges.ts.specs.flatMap((s) =>
      columnDifferences(s.name, edges.sql[s.name], edges.ts.columns[s.name], keys),
    );
    expect(differences).toEqual([]);
  });
});

describe('the parity check can fail', () => {
  test('a definition that drifts from its kernel (1d window read as 2d) is caught', async () => {
    const popularity = getCategoryDefinition('postPopularity');
    const drifted: CategoryDefinition = {
      ...popularity,
      outputs: popularity.outputs.map((o) =>
        o.name === 'post_pop_views_1d' && o.type === 'numeric' && o.expr.kind === 'window'
          ? { ...o, expr: { ...o.expr, windowMicros: 2 * MICROS_PER_DAY } }
          : o,
      ),
    };
    const run = await featuriseBoth('drifted', edges.queries, [drifted]);
    const keys = Array.from({ length: run.queries.length }, (_, i) => i);
    expect(
      columnDifferences(
        'post_pop_views_1d',
        run.sql.post_pop_views_1d,
        run.ts.columns.post_pop_views_1d,
        keys,
      ),
    ).not.toEqual([]);
    expect(
      columnDifferences(
        'post_pop_views_7d',
        run.sql.post_pop_views_7d,
        run.ts.columns.post_pop_views_7d,
        keys,
      ),
    ).toEqual([]);
  });
});

describe('point-in-time rules, in SQL exactly as in TypeScript', () => {
  /** Brute force: the post's impressions in [t - w, t) (w = Infinity: all before t). */
  function postViews(post: number, t: number, w: number): number {
    const c = fixture.log.columns;
    let count = 0;
    for (let r = 0; r < fixture.log.length; r++) {
      const s = c.tracker_created_at[r];
      if (c.trackable_id.codes[r] === post && s < t && s >= t - w) count++;
    }
    return count;
  }

  /** Brute force: the post's likes at its latest observation strictly before t (highest row among ties). */
  function likesAsOf(post: number, t: number): number {
    const c = fixture.log.columns;
    let best = -1;
    for (let r = 0; r < fixture.log.length; r++) {
      if (c.trackable_id.codes[r] !== post || c.tracker_created_at[r] >= t) continue;
      if (best < 0 || c.tracker_created_at[r] >= c.tracker_created_at[best]) best = r;
    }
    return best < 0 ? Number.NaN : c.post_likes_count[best];
  }

  test('window [t - w, t): the event at t is out, t - 1 µs in, t - w in, t - w - 1 µs out', () => {
    const { queries } = edges;
    let checked = 0;
    for (let i = 0; i < queries.length; i++) {
      const post = queries.post[i];
      const t = queries.time[i];
      for (const w of WINDOWS) {
        const expected = postViews(post, t, w.micros);
        const name = `post_pop_views_${w.label}`;
        expect([(edges.ts.columns[name] as Float32Array)[i], (edges.sql[name] as Float32Array)[i]]).toEqual([
          expected,
          expected,
        ]);
        checked++;
      }
      const before = postViews(post, t, Number.POSITIVE_INFINITY);
      expect((edges.sql.post_pop_views_before as Float32Array)[i]).toBe(before);
      expect((edges.ts.columns.post_pop_views_before as Float32Array)[i]).toBe(before);
    }
    expect(checked).toBe(queries.length * WINDOWS.length);
  });

  test('the sampled impression at s is in the 1d window exactly for t in [s + 1 µs, s + 1d], in both engines', () => {
    const { queries, offset, event } = edges;
    const oneDay = WINDOWS[0].micros;
    const c = fixture.log.columns;
    let inside = 0;
    for (let i = 0; i < queries.length; i++) {
      const t = queries.time[i];
      // Brute force without the sampled row: the difference is that row's own contribution.
      let others = 0;
      for (let r = 0; r < fixture.log.length; r++) {
        const s = c.tracker_created_at[r];
        if (r !== event[i] && c.trackable_id.codes[r] === queries.post[i] && s < t && s >= t - oneDay)
          others++;
      }
      const own = offset[i] >= 1 && offset[i] <= oneDay ? 1 : 0;
      inside += own;
      expect((edges.sql.post_pop_views_1d as Float32Array)[i] - others).toBe(own);
      expect((edges.ts.columns.post_pop_views_1d as Float32Array)[i] - others).toBe(own);
    }
    // Offsets 1 µs and 1d of every sampled impression.
    expect(inside).toBe(2 * (queries.length / (2 + 2 * WINDOWS.length)));
  });

  test('as-of counters come from the latest observation strictly before t, in both engines', () => {
    const { queries } = edges;
    for (let i = 0; i < queries.length; i++) {
      const expected = likesAsOf(queries.post[i], queries.time[i]);
      expect((edges.ts.columns.post_likes_count as Float32Array)[i]).toBe(expected);
      expect((edges.sql.post_likes_count as Float32Array)[i]).toBe(expected);
    }
  });
});
