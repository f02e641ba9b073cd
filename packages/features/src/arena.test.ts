import { describe, expect, it } from 'vitest';
import { BufferArena } from './arena.js';
import { rng } from './testing/random-log.js';

describe('BufferArena', () => {
  it('hands out non-overlapping arrays within a batch and reuses their memory after reset', () => {
    const arena = new BufferArena();
    const r = rng(1);
    const buffers = new Set<ArrayBufferLike>();
    for (let batch = 0; batch < 4; batch++) {
      const arrays = Array.from({ length: 40 }, (_, k) => {
        const length = 1 + Math.floor(r() * 1_000_000);
        if (k % 3 === 0) return arena.take(Float32Array, length);
        return k % 3 === 1 ? arena.take(Int32Array, length) : arena.take(Float64Array, length);
      });
      arrays.forEach((a, k) => {
        a.fill(k);
      });
      arrays.forEach((a, k) => {
        expect(a[0]).toBe(k);
        expect(a[a.length - 1]).toBe(k);
        expect(a.byteOffset % 8).toBe(0);
      });
      for (const a of arrays) buffers.add(a.buffer);
      arena.reset();
    }
    // Four batches of ~110 MB each fit in the slabs of the largest one (64 MB each).
    expect(buffers.size).toBeLessThanOrEqual(3);
  });
});
