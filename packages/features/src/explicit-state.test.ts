import { describe, expect, it } from 'vitest';
import {
  BufferArena,
  createFeatureContext,
  type FeatureFrame,
  featureBatch,
  featurize,
  featurizeCandidates,
  postAsOf,
  postCountsAsOf,
  type QueryPoints,
  userAsOf,
} from './index.js';
import { randomLog, rng } from './testing/random-log.js';

function randomQueries(log: ReturnType<typeof randomLog>, seed: number, length: number): QueryPoints {
  const r = rng(seed);
  const pick = (n: number) => Math.floor(r() * n);
  const c = log.columns;
  return {
    length,
    user: Int32Array.from({ length }, () => pick(c.user_id.dictionary.length)),
    post: Int32Array.from({ length }, () => pick(c.trackable_id.dictionary.length)),
    time: Float64Array.from({ length }, () => c.tracker_created_at[pick(log.length)] + pick(3) - 1),
  };
}

/** Every column's typed array (numeric values, categorical codes). */
const arrays = (frame: FeatureFrame) =>
  frame.specs.map((s) => {
    const c = frame.columns[s.name];
    return c instanceof Float32Array ? c : c.codes;
  });

const values = (frame: FeatureFrame) => arrays(frame).map((a) => Array.from(a));

describe('explicit featurisation state: allocator and batch memo', () => {
  const log = randomLog(31, { rows: 300, users: 6, posts: 12 });
  const context = createFeatureContext(log);
  const queries = randomQueries(log, 2, 200);
  const expected = values(featurize(context, queries));

  it('without an arena, every featurisation returns new arrays of its own', () => {
    const a = arrays(featurize(context, queries));
    const b = arrays(featurize(context, queries));
    for (let k = 0; k < a.length; k++) {
      expect(a[k]).not.toBe(b[k]);
      expect(a[k].buffer).not.toBe(b[k].buffer);
      // Not a view into a larger (recycled) region.
      expect(a[k].buffer.byteLength).toBe(a[k].byteLength);
    }
  });

  it('two featurisations with different arenas share no buffer, and each arena reuses its own', () => {
    const one = new BufferArena();
    const two = new BufferArena();
    const first = featurize(context, featureBatch(queries, one));
    const second = featurize(context, featureBatch(queries, two));
    const buffersOne = new Set(arrays(first).map((a) => a.buffer));
    const buffersTwo = new Set(arrays(second).map((a) => a.buffer));
    for (const b of buffersTwo) expect(buffersOne.has(b)).toBe(false);
    // Arena arrays are views of its slabs: a few buffers serve every column.
    expect(buffersOne.size).toBeLessThan(first.specs.length);
    expect(values(first)).toEqual(expected);
    expect(values(second)).toEqual(expected);
    // After a reset, the next featurisation over `one` takes the same memory again.
    one.reset();
    const again = featurize(context, featureBatch(queries, one));
    for (const a of arrays(again)) expect(buffersOne.has(a.buffer)).toBe(true);
    expect(values(again)).toEqual(expected);
  });

  it('interleaved generators over different arenas do not overwrite each other', () => {
    const chunks = [0, 1, 2, 3].map((k) => randomQueries(log, 10 + k, 50));
    const a = featurizeCandidates(context, chunks, { minBatchRows: 1, reuseBuffers: new BufferArena() });
    const b = featurizeCandidates(context, chunks, { minBatchRows: 1, reuseBuffers: new BufferArena() });
    for (const chunk of chunks) {
      const x = a.next();
      const y = b.next();
      if (x.done || y.done) throw new Error('too few chunks');
      const direct = values(featurize(context, chunk));
      expect(values(x.value.features)).toEqual(direct);
      expect(values(y.value.features)).toEqual(direct);
    }
  });

  it('a batch computes its as-of rows once, for the context it is featurised against', () => {
    const batch = featureBatch(queries);
    featurize(context, batch);
    const user = userAsOf(context, batch);
    expect(userAsOf(context, batch)).toBe(user);
    expect(postAsOf(context, batch)).toBe(postAsOf(context, batch));
    expect(postCountsAsOf(context, batch)).toBe(postCountsAsOf(context, batch));
    // Bare query points: computed afresh each time, equal values.
    const fresh = userAsOf(context, queries);
    expect(fresh).not.toBe(userAsOf(context, queries));
    expect(Array.from(fresh.row)).toEqual(Array.from(user.row));
    // Another context (same log): the batch's memo starts over for it.
    const other = createFeatureContext(log);
    const otherUser = userAsOf(other, batch);
    expect(otherUser).not.toBe(user);
    expect(Array.from(otherUser.row)).toEqual(Array.from(user.row));
  });
});

describe("explicit featurisation state: the context's index store", () => {
  const log = randomLog(37, { rows: 300, users: 6, posts: 12 });
  const queries = randomQueries(log, 4, 150);

  it('starts empty, is filled by the first featurisation and reused by the next ones', () => {
    const context = createFeatureContext(log);
    expect(context.indexes).toEqual({});
    const first = values(featurize(context, queries));
    const { keys, ageCohorts, taste, postQualityRows } = context.indexes;
    expect(Object.keys(keys ?? {}).sort()).toEqual(['all', 'pair', 'post', 'user']);
    expect(ageCohorts).toBeDefined();
    expect(taste?.user).toBe(keys?.user);
    expect(postQualityRows).toBeDefined();
    const built = { ...keys };
    featurize(context, randomQueries(log, 5, 80));
    expect(values(featurize(context, queries))).toEqual(first);
    // Same index objects: nothing rebuilt.
    expect(context.indexes.keys).toBe(keys);
    for (const kind of ['all', 'pair', 'post', 'user'] as const) {
      expect(context.indexes.keys?.[kind]).toBe(built[kind]);
    }
    expect(context.indexes.ageCohorts).toBe(ageCohorts);
    expect(context.indexes.taste).toBe(taste);
  });

  it('is per context: another context over the same log builds its own, same values', () => {
    const one = createFeatureContext(log);
    const two = createFeatureContext(log);
    const a = values(featurize(one, queries));
    expect(two.indexes).toEqual({});
    expect(values(featurize(two, queries))).toEqual(a);
    expect(two.indexes.keys?.user).not.toBe(one.indexes.keys?.user);
  });
});
