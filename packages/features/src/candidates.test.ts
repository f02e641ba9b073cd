import { describe, expect, it } from 'vitest';
import { BufferArena } from './arena.js';
import { featurizeCandidates } from './candidates.js';
import { createFeatureContext } from './context.js';
import { featurize } from './featurize.js';
import { randomLog, rng } from './testing/random-log.js';
import type { QueryPoints } from './types.js';

/** Chunks shaped like dataset's CandidateChunk: groups of one (user, time) and many posts. */
function candidateChunks(log: ReturnType<typeof randomLog>, seed: number): QueryPoints[] {
  const r = rng(seed);
  const posts = log.columns.trackable_id.dictionary.length;
  const chunks: QueryPoints[] = [];
  for (let c = 0; c < 7; c++) {
    const groups = 1 + Math.floor(r() * 4);
    const user: number[] = [];
    const post: number[] = [];
    const time: number[] = [];
    for (let g = 0; g < groups; g++) {
      const row = Math.floor(r() * log.length);
      for (let p = 0; p < posts; p++) {
        user.push(log.columns.user_id.codes[row]);
        post.push(p);
        time.push(log.columns.tracker_created_at[row]);
      }
    }
    chunks.push({
      length: user.length,
      user: Int32Array.from(user),
      post: Int32Array.from(post),
      time: Float64Array.from(time),
    });
  }
  return chunks;
}

describe('featurizeCandidates', () => {
  it('yields each chunk with the same features as featurize on it, whatever the batching', () => {
    const log = randomLog(17, { rows: 400, users: 8, posts: 15 });
    const context = createFeatureContext(log);
    const chunks = candidateChunks(log, 3);
    for (const minBatchRows of [1, 50, 1 << 20]) {
      const out = [...featurizeCandidates(context, chunks, { minBatchRows })];
      expect(out.length).toBe(chunks.length);
      out.forEach(({ chunk, features }, k) => {
        expect(chunk).toBe(chunks[k]);
        const direct = featurize(context, chunks[k]);
        expect(features.length).toBe(chunk.length);
        for (const spec of direct.specs) {
          const a = features.columns[spec.name];
          const b = direct.columns[spec.name];
          if (a instanceof Float32Array)
            expect(Array.from(a), spec.name).toEqual(Array.from(b as Float32Array));
          else expect(Array.from(a.codes)).toEqual(Array.from((b as { codes: Int32Array }).codes));
        }
      });
    }
  });

  it('with reuseBuffers, each chunk read before the next gives the same features, across calls', () => {
    const log = randomLog(23, { rows: 400, users: 8, posts: 15 });
    const context = createFeatureContext(log);
    const chunks = candidateChunks(log, 5);
    const arena = new BufferArena();
    for (const minBatchRows of [1, 50, 1 << 20]) {
      for (const reuseBuffers of [true, arena]) {
        let k = 0;
        for (const { chunk, features } of featurizeCandidates(context, chunks, {
          minBatchRows,
          reuseBuffers,
        })) {
          expect(chunk).toBe(chunks[k++]);
          const direct = featurize(context, chunk);
          for (const spec of direct.specs) {
            const a = features.columns[spec.name];
            const b = direct.columns[spec.name];
            if (a instanceof Float32Array) {
              expect(Array.from(a), spec.name).toEqual(Array.from(b as Float32Array));
            } else expect(Array.from(a.codes)).toEqual(Array.from((b as { codes: Int32Array }).codes));
          }
        }
        expect(k).toBe(chunks.length);
      }
    }
  });

  it('is lazy: consumes the chunk stream as it goes', () => {
    const log = randomLog(5, { rows: 100, users: 4, posts: 6 });
    const context = createFeatureContext(log);
    const chunks = candidateChunks(log, 9);
    let pulled = 0;
    function* source() {
      for (const c of chunks) {
        pulled++;
        yield c;
      }
    }
    const it = featurizeCandidates(context, source(), { minBatchRows: 1 });
    it.next();
    expect(pulled).toBe(1);
  });

  it('rejects codes outside the log dictionaries', () => {
    const log = randomLog(5, { rows: 10, users: 2, posts: 2 });
    const bad: QueryPoints = {
      length: 1,
      user: Int32Array.of(5),
      post: Int32Array.of(0),
      time: Float64Array.of(0),
    };
    expect(() => featurize(createFeatureContext(log), bad)).toThrow(/user\[0\] = 5/);
  });
});
