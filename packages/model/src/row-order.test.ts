import { seededRandom, shuffleInPlace } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inPlaceRowOrder } from './row-order.js';

/** Rows whose values name them: row r of a width-w block holds r * 1000 + j (j = 0 .. w - 1). */
function labelledBlock<T extends Float32Array | Int32Array>(
  ctor: new (n: number) => T,
  rows: number,
  width: number,
) {
  const values = new ctor(rows * width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) values[r * width + j] = r * 1000 + j;
  return values;
}

describe('inPlaceRowOrder', () => {
  it('puts original row order[k] in slot k, epoch after epoch, in every block', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        (rows, numericWidth, hotWidth, epochs, seed) => {
          const numeric = labelledBlock(Float32Array, rows, numericWidth);
          const hot = labelledBlock(Int32Array, rows, hotWidth);
          const layout = inPlaceRowOrder(rows, [
            { values: numeric, width: numericWidth },
            { values: hot, width: hotWidth },
          ]);
          const order = Int32Array.from({ length: rows }, (_, i) => i);
          const random = seededRandom(seed);
          for (let e = 0; e < epochs; e++) {
            shuffleInPlace(order, random);
            layout.arrange(order);
            for (let k = 0; k < rows; k++) {
              for (let j = 0; j < numericWidth; j++)
                expect(numeric[k * numericWidth + j]).toBe(order[k] * 1000 + j);
              for (let j = 0; j < hotWidth; j++) expect(hot[k * hotWidth + j]).toBe(order[k] * 1000 + j);
            }
          }
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('handles the identity and a reversal, and rejects an order of the wrong length', () => {
    const values = labelledBlock(Float32Array, 5, 2);
    const layout = inPlaceRowOrder(5, [{ values, width: 2 }]);
    layout.arrange(Int32Array.of(0, 1, 2, 3, 4));
    expect(Array.from(values)).toEqual([0, 1, 1000, 1001, 2000, 2001, 3000, 3001, 4000, 4001]);
    layout.arrange(Int32Array.of(4, 3, 2, 1, 0));
    expect(Array.from(values)).toEqual([4000, 4001, 3000, 3001, 2000, 2001, 1000, 1001, 0, 1]);
    // Original numbering, whatever the current layout: back to the identity.
    layout.arrange(Int32Array.of(0, 1, 2, 3, 4));
    expect(Array.from(values)).toEqual([0, 1, 1000, 1001, 2000, 2001, 3000, 3001, 4000, 4001]);
    expect(() => layout.arrange(Int32Array.of(0, 1))).toThrow('row order: 2 rows, expected 5');
  });
});
