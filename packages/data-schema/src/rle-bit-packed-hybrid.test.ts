import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readRleBitPackedHybrid } from './hyparquet-internals.js';
import {
  decodeRleBitPackedHybrid,
  encodeRleBitPackedHybrid,
  rleBitPackedHybridBound,
} from './rle-bit-packed-hybrid.js';

/** Values of `bitWidth` bits with runs, so both run kinds occur. */
const valuesArbitrary = fc
  .integer({ min: 0, max: 32 })
  .chain((bitWidth) =>
    fc
      .array(
        fc.tuple(
          fc.integer({ min: 1, max: 20 }),
          bitWidth === 0 ? fc.constant(0) : fc.integer({ min: 0, max: 2 ** bitWidth - 1 }),
        ),
        { maxLength: 60 },
      )
      .map((runs) => ({ bitWidth, values: runs.flatMap(([n, v]) => Array<number>(n).fill(v)) })),
  );

describe('RLE / bit-packed hybrid', () => {
  test('decodes what it encodes, and hyparquet decodes it alike', () => {
    fc.assert(
      fc.property(valuesArbitrary, fc.integer({ min: 0, max: 5 }), ({ bitWidth, values }, at) => {
        const input = Int32Array.from(values);
        const out = new Uint8Array(at + rleBitPackedHybridBound(values.length, bitWidth));
        const end = encodeRleBitPackedHybrid(input, 0, input.length, bitWidth, out, at);
        const decoded = new Int32Array(values.length);
        expect(decodeRleBitPackedHybrid(out, at, end, bitWidth, decoded, values.length)).toBeLessThanOrEqual(
          end,
        );
        // Values of 32 bits come back as the same bits (int32).
        expect(decoded).toEqual(input);
        // hyparquet's own decoder overflows on bit-packed runs wider than 24 bits.
        if (bitWidth <= 24) {
          const theirs = new Int32Array(values.length);
          readRleBitPackedHybrid({ view: new DataView(out.buffer), offset: at }, bitWidth, theirs, end - at);
          expect(theirs).toEqual(input);
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  test('truncated input is an error, not garbage', () => {
    const out = new Uint8Array(rleBitPackedHybridBound(16, 5));
    const end = encodeRleBitPackedHybrid(
      Int32Array.from({ length: 16 }, (_, i) => i),
      0,
      16,
      5,
      out,
      0,
    );
    expect(() => decodeRleBitPackedHybrid(out, 0, end - 3, 5, new Int32Array(16), 16)).toThrow(/ends early/);
  });
});
