import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeParquet } from '@wemoms/data-schema/node';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeDictionary, readParquetColumns } from './parquet-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'demo-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const roundTrip = async (columns: Parameters<typeof writeParquet>[1], rowGroupSize?: number) => {
  const path = join(dir, `t${n++}.parquet`);
  writeParquet(path, columns, { rowGroupSize });
  const bytes = readFileSync(path);
  return readParquetColumns(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

describe('readParquetColumns', () => {
  it('reads the export column types back bit for bit (float32, NaN, strings with nulls, int32, double)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            f: fc.option(fc.float({ noNaN: true }), { nil: Number.NaN }),
            s: fc.option(fc.constantFrom('75', '69', 'x'), { nil: null }),
            i: fc.integer({ min: -5, max: 1e6 }),
            d: fc.double({ noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 7 }),
        async (rows, groupSize) => {
          const f = Float32Array.from(rows, (r) => r.f);
          const s = encodeDictionary(rows.map((r) => r.s));
          const i = Int32Array.from(rows, (r) => r.i);
          const d = Float64Array.from(rows, (r) => r.d);
          const read = await roundTrip(
            [
              { name: 'f', type: 'float', data: f },
              { name: 's', type: 'string', data: s },
              { name: 'i', type: 'int32', nullable: false, data: i },
              { name: 'd', type: 'double', nullable: false, data: d },
            ],
            groupSize,
          );
          expect(read.length).toBe(rows.length);
          expect(read.columns.f).toBeInstanceOf(Float32Array);
          expect(Array.from(read.columns.f as Float32Array)).toEqual(Array.from(f));
          expect(read.columns.s).toEqual(rows.map((r) => r.s));
          expect(read.columns.i).toEqual(i);
          expect(read.columns.d).toEqual(d);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('names a missing column', async () => {
    const bytes = await roundTrip([{ name: 'a', type: 'int32', nullable: false, data: Int32Array.of(1) }]);
    expect(bytes.columns.a).toEqual(Int32Array.of(1));
    const path = join(dir, 'one.parquet');
    writeParquet(path, [{ name: 'a', type: 'int32', nullable: false, data: Int32Array.of(1) }]);
    const buffer = readFileSync(path);
    await expect(
      readParquetColumns(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength), [
        'b',
      ]),
    ).rejects.toThrow(/missing column b/);
  });
});

describe('encodeDictionary', () => {
  it('gives codes in first-seen order, -1 for null', () => {
    expect(encodeDictionary(['b', null, 'a', 'b'])).toEqual({
      codes: Int32Array.of(0, -1, 1, 0),
      dictionary: ['b', 'a'],
    });
  });
});
