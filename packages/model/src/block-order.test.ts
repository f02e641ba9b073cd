import { seededRandom } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockShuffledOrder } from './block-order.js';

describe('blockShuffledOrder', () => {
  it('is a permutation made of whole blocks, each block once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        (rows, block, seed) => {
          const order = blockShuffledOrder(new Int32Array(rows), block, seededRandom(seed));
          expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i));
          // Cut where a block starts: every run holds exactly the rows of one block.
          const seen = new Set<number>();
          for (let at = 0; at < rows; ) {
            const b = Math.floor(order[at] / block);
            const size = Math.min(rows - b * block, block);
            const run = [...order.subarray(at, at + size)];
            expect(run.every((r) => Math.floor(r / block) === b)).toBe(true);
            expect(seen.has(b)).toBe(false);
            seen.add(b);
            at += size;
          }
        },
      ),
    );
  });

  it('is seeded, and shuffles the blocks and the rows inside them', () => {
    const a = blockShuffledOrder(new Int32Array(1000), 100, seededRandom(3));
    expect(blockShuffledOrder(new Int32Array(1000), 100, seededRandom(3))).toEqual(a);
    expect(blockShuffledOrder(new Int32Array(1000), 100, seededRandom(4))).not.toEqual(a);
    const firstBlocks = new Set<number>();
    let rowsInPlace = 0;
    for (let seed = 0; seed < 200; seed++) {
      const order = blockShuffledOrder(new Int32Array(1000), 100, seededRandom(seed));
      firstBlocks.add(Math.floor(order[0] / 100));
      for (let i = 0; i < 1000; i++) if (order[i] % 100 === i % 100) rowsInPlace++;
    }
    // Every block comes first for some seed; inside blocks a row keeps its place about 1 time in 100.
    expect(firstBlocks.size).toBe(10);
    expect(rowsInPlace / (200 * 1000)).toBeLessThan(0.02);
  });

  it('rejects a block size that is not a positive integer', () => {
    expect(() => blockShuffledOrder(new Int32Array(4), 0, seededRandom(1))).toThrow(
      'block rows must be a positive integer, got 0',
    );
  });
});
