/**
 * The typed-array parquet writer and reader against hyparquet's generic reader and writer (and DuckDB):
 * every column type with and without nulls, many row groups and pages, both codecs, empty tables,
 * dictionaries with unused entries, and files from other writers (page v1 and v2, dictionary pages).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { asyncBufferFromFile, parquetReadObjects, type SchemaElement } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { beforeAll, describe, expect, test } from 'vitest';
import { readParquet } from './parquet-read.js';
import type { ParquetColumn, ParquetColumnType, ParquetTable, ParquetWriteValues } from './parquet-types.js';
import { writeParquet } from './parquet-write.js';
import { seededRandom } from './random.js';

let dir: string;
let fileCount = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wemoms-parquet-fast-'));
});
const nextPath = () => join(dir, `f${fileCount++}.parquet`);

type Cell = number | string | number[] | null;

/** A column's values as plain cells: numbers (NaN as null), 0/1 booleans, strings, int arrays. */
function cellsOf(table: ParquetTable, name: string): Cell[] {
  const column = table.columns[name];
  if ('codes' in column) return Array.from(column.codes, (c) => (c < 0 ? null : column.dictionary[c]));
  if ('offsets' in column) {
    return Array.from({ length: table.length }, (_, i) =>
      Array.from(column.values.subarray(column.offsets[i], column.offsets[i + 1])),
    );
  }
  return Array.from(column as ArrayLike<number>, (v) => (Number.isNaN(v) ? null : v));
}

/** The same cells as hyparquet's generic reader gives them. */
async function genericCells(path: string): Promise<Record<string, Cell[]>> {
  const rows = await parquetReadObjects({
    file: await asyncBufferFromFile(path),
    parsers: { timestampFromMicroseconds: (us: bigint) => Number(us) },
  });
  const out: Record<string, Cell[]> = {};
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      let cell: Cell;
      if (v === null || v === undefined) cell = name.startsWith('list') ? [] : null;
      else if (typeof v === 'bigint') cell = Number(v);
      else if (typeof v === 'boolean') cell = v ? 1 : 0;
      else if (typeof v === 'number') cell = Number.isNaN(v) ? null : v;
      else if (Array.isArray(v)) cell = v.map(Number);
      else cell = v as string;
      (out[name] ??= []).push(cell);
    }
  }
  return out;
}

/** A random column: its type, whether nulls occur, and cells (null = missing). */
interface RandomColumn {
  readonly type: ParquetColumnType;
  readonly nullable: boolean;
  readonly cells: Cell[];
  /** Give the writer typed storage (typed arrays, DictionaryColumn, IntListColumn) instead of arrays. */
  readonly typed: boolean;
}

const cellArbitrary = (type: ParquetColumnType): fc.Arbitrary<Cell> => {
  switch (type) {
    case 'int32':
      return fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer());
    case 'int64':
    case 'timestamp':
      return fc.oneof(
        fc.integer({ min: 0, max: 3 }),
        fc.maxSafeInteger(),
        fc.maxSafeNat().map((v) => (v === 0 ? 0 : -v)),
      );
    case 'double':
      return fc.oneof(fc.constantFrom(0.5, 1, 2), fc.double({ noNaN: true }));
    case 'float':
      return fc.oneof(fc.constantFrom(0.5, 1), fc.float({ noNaN: true })).map(Math.fround);
    case 'boolean':
      return fc.constantFrom(0, 1);
    case 'string':
      return fc.oneof(fc.constantFrom('a', 'b', ''), fc.string({ unit: 'grapheme', maxLength: 8 }));
    case 'int32List':
      return fc.array(fc.integer({ min: -3, max: 1000 }), { maxLength: 4 });
  }
};

const TYPES: ParquetColumnType[] = [
  'int32',
  'int64',
  'timestamp',
  'double',
  'float',
  'boolean',
  'string',
  'int32List',
];

function columnArbitrary(type: ParquetColumnType, rows: number): fc.Arbitrary<RandomColumn> {
  return fc
    .record({ nullable: fc.boolean(), typed: fc.boolean(), nullRate: fc.constantFrom(0, 0.1, 0.5, 1) })
    .chain(({ nullable, typed, nullRate }) =>
      fc
        .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), cellArbitrary(type)), {
          minLength: rows,
          maxLength: rows,
        })
        .map((pairs) => ({
          type,
          nullable,
          typed,
          cells: pairs.map(([u, v]) => (nullable && u < nullRate ? null : v)),
        })),
    );
}

/** The writer's input for a random column, typed storage or plain arrays. */
function writeValues(c: RandomColumn): ParquetWriteValues {
  const { type, cells, typed } = c;
  if (type === 'int32List') {
    if (!typed) return cells as (number[] | null)[];
    const lists = cells.map((v) => (v ?? []) as number[]);
    const offsets = new Int32Array(lists.length + 1);
    lists.forEach((l, i) => {
      offsets[i + 1] = offsets[i] + l.length;
    });
    return { offsets, values: Int32Array.from(lists.flat()) };
  }
  if (!typed) return cells as (number | string | null)[];
  if (type === 'string') {
    // Unused entries first, so written indices must be renumbered.
    const dictionary = ['unused-1', 'unused-2', ...new Set(cells.filter((v) => v !== null) as string[])];
    return {
      codes: Int32Array.from(cells, (v) => (v === null ? -1 : dictionary.indexOf(v as string))),
      dictionary,
    };
  }
  const numbers = cells.map((v) => (v === null ? Number.NaN : (v as number)));
  if (type === 'float') return Float32Array.from(numbers);
  if (type === 'int32' && !c.nullable) return Int32Array.from(numbers);
  if (type === 'boolean' && !c.nullable) return Uint8Array.from(numbers);
  return Float64Array.from(numbers);
}

const tableArbitrary = fc.integer({ min: 0, max: 120 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    columns: fc.tuple(...TYPES.map((t) => columnArbitrary(t, rows))),
    rowGroupSize: fc.integer({ min: 1, max: 130 }),
    pageSize: fc.constantFrom(1, 7, 64, 1 << 20),
    codec: fc.constantFrom('SNAPPY' as const, 'UNCOMPRESSED' as const),
  }),
);

describe('typed-array writer and reader', () => {
  test('random tables round trip, and hyparquet reads the same values', async () => {
    await fc.assert(
      fc.asyncProperty(tableArbitrary, async ({ columns, rowGroupSize, pageSize, codec }) => {
        const path = nextPath();
        const parquetColumns: ParquetColumn[] = columns.map((c, i) => ({
          name: `${c.type === 'int32List' ? 'list' : 'c'}${i}`,
          type: c.type,
          nullable: c.nullable,
          data: writeValues(c),
        }));
        writeParquet(path, parquetColumns, { rowGroupSize, pageSize, codec });
        const table = await readParquet(path);
        const generic = await genericCells(path);
        for (const [i, c] of columns.entries()) {
          const name = parquetColumns[i].name;
          // A null list reads back as an empty one.
          const expected = c.type === 'int32List' ? c.cells.map((v) => v ?? []) : c.cells;
          expect(cellsOf(table, name), name).toEqual(expected);
          if (table.length > 0) expect(generic[name], name).toEqual(expected);
        }
      }),
      { seed: 20230103, numRuns: 60 },
    );
  });

  test('files from hyparquet-writer (dictionary or plain, many pages) read like its own reader', async () => {
    const schemaOf = (type: ParquetColumnType, name: string, nullable: boolean): SchemaElement[] => {
      const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
      switch (type) {
        case 'int32List':
          return [
            { name, repetition_type, converted_type: 'LIST', num_children: 1 },
            { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
            { name: 'element', type: 'INT32', repetition_type: 'REQUIRED' },
          ];
        case 'string':
          return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type }];
        case 'timestamp':
          return [{ name, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type }];
        default: {
          const physical = {
            int32: 'INT32',
            int64: 'INT64',
            double: 'DOUBLE',
            float: 'FLOAT',
            boolean: 'BOOLEAN',
          };
          return [{ name, type: physical[type] as SchemaElement['type'], repetition_type }];
        }
      }
    };
    await fc.assert(
      fc.asyncProperty(
        tableArbitrary.filter((t) => t.rows > 0),
        fc.boolean(),
        async ({ columns, rowGroupSize, pageSize, codec }, plain) => {
          const path = nextPath();
          const names = columns.map((c, i) => `${c.type === 'int32List' ? 'list' : 'c'}${i}`);
          const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
          columns.forEach((c, i) => {
            schema.push(...schemaOf(c.type, names[i], c.nullable));
          });
          parquetWriteFile({
            filename: path,
            schema,
            codec,
            rowGroupSize,
            pageSize: Math.max(pageSize, 16),
            columnData: columns.map((c, i) => ({
              name: names[i],
              ...(plain ? { encoding: 'PLAIN' as const } : {}),
              data: c.cells.map((v) =>
                v === null
                  ? null
                  : c.type === 'boolean'
                    ? v === 1
                    : c.type === 'int64' || c.type === 'timestamp'
                      ? BigInt(v as number)
                      : v,
              ),
            })),
          });
          const table = await readParquet(path);
          const generic = await genericCells(path);
          for (const name of names) expect(cellsOf(table, name), name).toEqual(generic[name]);
        },
      ),
      { seed: 20230126, numRuns: 40 },
    );
  });

  test('empty tables, NaN in floats and dictionaries with unused entries', async () => {
    const path = nextPath();
    writeParquet(path, [
      { name: 'f', type: 'float', data: new Float32Array(0) },
      { name: 's', type: 'string', data: { codes: new Int32Array(0), dictionary: ['x'] } },
      { name: 'l', type: 'int32List', data: { offsets: new Int32Array(1), values: new Int32Array(0) } },
    ]);
    const empty = await readParquet(path);
    expect(empty.length).toBe(0);
    expect(empty.columns).toEqual({
      f: new Float32Array(0),
      s: { codes: new Int32Array(0), dictionary: [] },
      l: { offsets: new Int32Array(1), values: new Int32Array(0) },
    });

    const nan = Float32Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? Number.NaN : i / 7));
    const codes = Int32Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? -1 : 2 + (i % 4)));
    writeParquet(
      path,
      [
        { name: 'nan', type: 'float', data: nan },
        { name: 's', type: 'string', data: { codes, dictionary: ['u0', 'u1', 'a', 'b', 'c', 'd', 'u6'] } },
      ],
      { rowGroupSize: 300, pageSize: 100 },
    );
    const back = await readParquet(path);
    expect(back.specs.map((s) => s.nullable)).toEqual([false, true]);
    expect(back.columns.nan).toEqual(nan);
    // Codes follow first-seen row order; unused entries are gone.
    expect(back.columns.s).toEqual({
      codes: Int32Array.from(codes, (c) => (c < 0 ? -1 : (c - 2 + 3) % 4)),
      dictionary: ['b', 'c', 'd', 'a'],
    });
  });
});

describe('files written by DuckDB (data page v1, dictionary pages, snappy)', () => {
  test('read like hyparquet reads them', async () => {
    const path = nextPath();
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`
        COPY (
          SELECT i::INTEGER AS i32,
                 CASE WHEN i % 7 = 0 THEN NULL ELSE i * 3 END::INTEGER AS i32_null,
                 (i * 1000000007)::BIGINT AS i64,
                 CASE WHEN i % 5 = 0 THEN NULL ELSE i / 8 END::DOUBLE AS f64,
                 (i % 3)::FLOAT AS f32,
                 i % 2 = 0 AS b,
                 CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 = 0 END AS b_null,
                 CASE WHEN i % 6 = 0 THEN NULL ELSE 'user-' || (i % 37)::VARCHAR END AS s,
                 'id-' || i::VARCHAR AS unique_s,
                 make_timestamp(1672531200000000 + i * 61000000) AS ts,
                 CASE WHEN i % 3 = 0 THEN [] ELSE [i % 5, i % 7] END::INTEGER[] AS list_i
          FROM range(5000) t(i)
        ) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const table = await readParquet(path);
    const generic = await genericCells(path);
    expect(table.length).toBe(5000);
    for (const spec of table.specs) expect(cellsOf(table, spec.name), spec.name).toEqual(generic[spec.name]);
  });
});

describe('DuckDB reads what the typed-array writer leaves uncompressed', () => {
  test('incompressible pages in a SNAPPY file (is_compressed = false), many pages, nulls', async () => {
    const path = nextPath();
    const random = seededRandom(7);
    const rows = 3000;
    const noise = Float64Array.from({ length: rows }, (_, i) => (i % 9 === 0 ? Number.NaN : random()));
    const ids = Array.from({ length: rows }, (_, i) =>
      i % 11 === 0 ? null : `id-${Math.floor(random() * 1e9)}`,
    );
    writeParquet(
      path,
      [
        { name: 'noise', type: 'double', nullable: true, data: noise },
        { name: 'id', type: 'string', data: ids },
      ],
      { codec: 'SNAPPY', pageSize: 4096, rowGroupSize: 1000 },
    );
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const got = (
        await connection.runAndReadAll(`SELECT noise, id FROM read_parquet('${path}')`)
      ).getRowObjectsJS();
      expect(got.map((r) => r.noise)).toEqual(Array.from(noise, (v) => (Number.isNaN(v) ? null : v)));
      expect(got.map((r) => r.id)).toEqual(ids);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
