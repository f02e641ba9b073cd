import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { atomicWriteFile } from './atomic-write.js';
import { readParquet } from './parquet-read.js';
import type { ParquetColumn } from './parquet-types.js';
import { ParquetStreamWriter, writeParquet } from './parquet-write.js';
import {
  RAW_TABLE_PARQUET_SCHEMA,
  rawTableRowGroup,
  readRawTableParquet,
  writeRawTableParquet,
} from './raw-table-parquet.js';
import { loadRawLog, readRawBatches } from './read-raw-log.js';
import { ROW_KEY_LOG_COLUMNS, readRowKeyLog, rowKeyParquetColumns } from './row-keys.js';
import { RAW_COLUMN_NAMES, type RawTable } from './schema.js';
import { sampleRawEvent } from './testing/sample-events.js';
import { parseTimestampMicros } from './time.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wemoms-parquet-'));
});

const T = parseTimestampMicros('2023-02-01 11:44:12.326601+00:00');
const NaN_ = Number.NaN;

/** One column of each type, with nulls where the type allows them. */
function everyType(): ParquetColumn[] {
  return [
    { name: 'i32', type: 'int32', data: Int32Array.from([1, -2, 2147483647, -2147483648, 0]) },
    { name: 'i32_null', type: 'int32', data: [1, null, 3, null, -5] },
    { name: 'i32_nan', type: 'int32', data: Float64Array.from([7, NaN_, 9, 10, NaN_]) },
    { name: 'i64', type: 'int64', data: [2 ** 40, null, -(2 ** 53 - 1), 0, 12] },
    { name: 'i64_big', type: 'int64', data: BigInt64Array.from([1n, 2n, 3n, -4n, 9007199254740991n]) },
    { name: 'f64', type: 'double', nullable: true, data: Float64Array.from([0.1, NaN_, -1e300, 5e-324, 3]) },
    { name: 'f32', type: 'float', nullable: true, data: Float32Array.from([0.5, NaN_, -2.25, 1e30, 0]) },
    // Default for float typed arrays: a required IEEE column, NaN stored as NaN (fast path for features).
    { name: 'f32_nan', type: 'float', data: Float32Array.from([NaN_, 1, 2, NaN_, 4]) },
    { name: 'bool', type: 'boolean', data: Uint8Array.from([1, 0, 0, 1, 1]) },
    { name: 'bool_null', type: 'boolean', data: [true, null, false, true, null] },
    { name: 'str', type: 'string', data: ['a', null, 'é€😀', '', 'a'] },
    {
      name: 'dict',
      type: 'string',
      data: { codes: Int32Array.from([1, -1, 0, 1, 1]), dictionary: ['x', 'y'] },
    },
    { name: 'ts', type: 'timestamp', data: Float64Array.from([T, NaN_, 0, -1_000_001, T + 1]) },
    {
      name: 'list',
      type: 'int32List',
      data: { offsets: Int32Array.from([0, 2, 2, 3, 3, 6]), values: Int32Array.from([3, 40, 7, 1, 2, 3]) },
    },
  ];
}

describe('parquet round trips', () => {
  test('every type with nulls reads back to the documented encodings', async () => {
    const path = join(dir, 'types.parquet');
    writeParquet(path, everyType(), { rowGroupSize: 2 });
    const { length, specs, columns: c } = await readParquet(path);
    expect(length).toBe(5);
    expect(specs.map((s) => [s.name, s.type, s.nullable])).toEqual([
      ['i32', 'int32', false],
      ['i32_null', 'int32', true],
      ['i32_nan', 'int32', true],
      ['i64', 'int64', true],
      ['i64_big', 'int64', false],
      ['f64', 'double', true],
      ['f32', 'float', true],
      ['f32_nan', 'float', false],
      ['bool', 'boolean', false],
      ['bool_null', 'boolean', true],
      ['str', 'string', true],
      ['dict', 'string', true],
      ['ts', 'timestamp', true],
      ['list', 'int32List', false],
    ]);
    expect(c.i32).toEqual(Int32Array.from([1, -2, 2147483647, -2147483648, 0]));
    expect(c.i32_null).toEqual(Float64Array.from([1, NaN_, 3, NaN_, -5]));
    expect(c.i32_nan).toEqual(Float64Array.from([7, NaN_, 9, 10, NaN_]));
    expect(c.i64).toEqual(Float64Array.from([2 ** 40, NaN_, -(2 ** 53 - 1), 0, 12]));
    expect(c.i64_big).toEqual(Float64Array.from([1, 2, 3, -4, 9007199254740991]));
    expect(c.f64).toEqual(Float64Array.from([0.1, NaN_, -1e300, 5e-324, 3]));
    expect(c.f32).toEqual(Float32Array.from([0.5, NaN_, -2.25, 1e30, 0]));
    expect(c.f32_nan).toEqual(Float32Array.from([NaN_, 1, 2, NaN_, 4]));
    expect(c.bool).toEqual(Uint8Array.from([1, 0, 0, 1, 1]));
    expect(c.bool_null).toEqual(Float64Array.from([1, NaN_, 0, 1, NaN_]));
    expect(c.str).toEqual({ codes: Int32Array.from([0, -1, 1, 2, 0]), dictionary: ['a', 'é€😀', ''] });
    expect(c.dict).toEqual({ codes: Int32Array.from([0, -1, 1, 0, 0]), dictionary: ['y', 'x'] });
    expect(c.ts).toEqual(Float64Array.from([T, NaN_, 0, -1_000_001, T + 1]));
    expect(c.list).toEqual({
      offsets: Int32Array.from([0, 2, 2, 3, 3, 6]),
      values: Int32Array.from([3, 40, 7, 1, 2, 3]),
    });
  });

  test('a subset of columns, in the requested order; unknown columns are named', async () => {
    const path = join(dir, 'subset.parquet');
    writeParquet(path, everyType());
    const { specs, columns } = await readParquet(path, { columns: ['ts', 'i32'] });
    expect(specs.map((s) => s.name)).toEqual(['ts', 'i32']);
    expect(Object.keys(columns)).toEqual(['ts', 'i32']);
    await expect(readParquet(path, { columns: ['nope'] })).rejects.toThrow(/no column nope/);
  });

  test('excluded columns are not read, whether listed in columns or not', async () => {
    const path = join(dir, 'exclude.parquet');
    writeParquet(path, everyType());
    const all = await readParquet(path);
    const rest = await readParquet(path, { exclude: ['ts', 'str', 'absent'] });
    expect(rest.specs.map((s) => s.name)).toEqual(
      all.specs.map((s) => s.name).filter((n) => n !== 'ts' && n !== 'str'),
    );
    expect(rest.columns.i32).toEqual(all.columns.i32);
    const some = await readParquet(path, { columns: ['ts', 'i32'], exclude: ['ts'] });
    expect(Object.keys(some.columns)).toEqual(['i32']);
  });

  test('empty columns round trip', async () => {
    const path = join(dir, 'empty.parquet');
    writeParquet(path, [
      { name: 'a', type: 'int32', data: new Int32Array(0) },
      { name: 's', type: 'string', data: [] },
    ]);
    const { length, columns } = await readParquet(path);
    expect(length).toBe(0);
    expect(columns.a).toEqual(new Int32Array(0));
  });

  test('bad values are clear errors and leave no file behind', () => {
    const path = join(dir, 'bad.parquet');
    expect(() => writeParquet(path, [{ name: 'a', type: 'int32', data: [1, 2.5] }])).toThrow(
      'parquet column a: row 1: expected an int32 integer, got 2.5',
    );
    expect(() =>
      writeParquet(path, [{ name: 'a', type: 'int32', nullable: false, data: [1, null] }]),
    ).toThrow(/row 1 is null but the column is not nullable/);
    expect(() => writeParquet(path, [{ name: 'a', type: 'int64', data: [2 ** 60] }])).toThrow(/safe integer/);
    expect(() =>
      writeParquet(path, [
        { name: 'a', type: 'int32', data: [1] },
        { name: 'b', type: 'int32', data: [1, 2] },
      ]),
    ).toThrow(/column b has 2 rows, expected 1/);
    expect(() => writeParquet(path, [{ name: 'a', type: 'decimal' as 'int32', data: [1] }])).toThrow(
      /unknown type/,
    );
    expect(readdirSync(dir).filter((f) => f.startsWith('bad.parquet'))).toEqual([]);
  });

  test('reading a file that is not parquet names it', async () => {
    const path = join(dir, 'not.parquet');
    writeFileSync(path, 'hello');
    await expect(readParquet(path)).rejects.toThrow(/not\.parquet: not a readable parquet file/);
  });
});

describe('atomic writes', () => {
  test('the streaming writer shows the file only on close; abort keeps the old file', async () => {
    const path = join(dir, 'sub', 'stream.parquet');
    const writer = new ParquetStreamWriter(path, [
      { name: 'n', type: 'int32', nullable: false },
      { name: 's', type: 'string' },
    ]);
    writer.writeRowGroup({ n: Int32Array.from([1, 2]), s: ['a', null] });
    writer.writeRowGroup({ n: Int32Array.from([3]), s: ['b'] });
    expect(existsSync(path)).toBe(false);
    writer.close();
    expect(writer.rows).toBe(3);
    const back = await readParquet(path);
    expect(back.columns.n).toEqual(Int32Array.from([1, 2, 3]));
    expect(back.columns.s).toEqual({ codes: Int32Array.from([0, -1, 1]), dictionary: ['a', 'b'] });

    const second = new ParquetStreamWriter(path, [{ name: 'n', type: 'int32', nullable: false }]);
    second.writeRowGroup({ n: Int32Array.from([9]) });
    second.abort();
    expect((await readParquet(path)).columns.n).toEqual(Int32Array.from([1, 2, 3]));
    expect(readdirSync(join(dir, 'sub'))).toEqual(['stream.parquet']);
    expect(() => second.writeRowGroup({ n: Int32Array.from([1]) })).toThrow(/aborted/);
  });

  test('a failing row group aborts: no temp file, old file intact', async () => {
    const path = join(dir, 'keep.parquet');
    writeParquet(path, [{ name: 'n', type: 'int32', data: Int32Array.from([1]) }]);
    const writer = new ParquetStreamWriter(path, [{ name: 'n', type: 'int32', nullable: false }]);
    expect(() => writer.writeRowGroup({ n: [null] })).toThrow(/not nullable/);
    expect(readdirSync(dir).filter((f) => f.startsWith('keep.parquet'))).toEqual(['keep.parquet']);
  });

  test('atomicWriteFile replaces a file whole and creates directories', () => {
    const path = join(dir, 'deep', 'er', 'x.json');
    atomicWriteFile(path, '{"a":1}');
    atomicWriteFile(path, new Uint8Array([123, 125]));
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['x.json']);
  });
});

function rawLogFile(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => ({
    ...sampleRawEvent(i),
    user_age: i % 3 === 0 ? null : 20 + i / 8,
  }));
  const path = join(dir, `raw-${rows}.json.gzip`);
  writeFileSync(path, gzipSync(lines.map((l) => JSON.stringify(l)).join('\n')));
  return path;
}

/** Column values with codes resolved to strings, for comparing tables whose dictionaries differ. */
function decoded(table: RawTable, name: string): unknown[] {
  const column = (table.columns as unknown as Record<string, unknown>)[name];
  if (column && typeof column === 'object' && 'codes' in column) {
    const { codes, dictionary } = column as { codes: Int32Array; dictionary: string[] };
    return Array.from(codes, (c) => (c < 0 ? null : dictionary[c]));
  }
  if (column && typeof column === 'object' && 'offsets' in column) {
    const { offsets, values } = column as { offsets: Int32Array; values: Int32Array };
    return Array.from({ length: table.length }, (_, i) =>
      Array.from(values.subarray(offsets[i], offsets[i + 1])),
    );
  }
  return Array.from(column as ArrayLike<number>);
}

describe('raw table snapshot', () => {
  test('writeRawTableParquet / readRawTableParquet round trip every column', async () => {
    const { table } = await loadRawLog(rawLogFile(300));
    const path = join(dir, 'log.parquet');
    writeRawTableParquet(path, table, 128);
    const back = await readRawTableParquet(path);
    expect(back.length).toBe(300);
    for (const name of RAW_COLUMN_NAMES) expect(decoded(back, name), name).toEqual(decoded(table, name));
  });

  test('row keys: the snapshot read down to ids, times and labels, written back as key columns', async () => {
    const { table } = await loadRawLog(rawLogFile(300));
    const path = join(dir, 'keys-log.parquet');
    writeRawTableParquet(path, table, 128);
    const keys = await readRowKeyLog(path);
    expect(keys.length).toBe(300);
    for (const name of ROW_KEY_LOG_COLUMNS) {
      const asTable = { length: keys.length, columns: keys.columns } as unknown as RawTable;
      expect(decoded(asTable, name), name).toEqual(decoded(table, name));
    }
    const rows = Int32Array.from([5, 0, 299]);
    const full = rowKeyParquetColumns(keys, rows, { label: true });
    expect(full.map((c) => c.name)).toEqual([
      'row',
      'user_id',
      'trackable_id',
      'tracker_created_at',
      'label',
    ]);
    const users = full[1].data as { codes: Int32Array; dictionary: string[] };
    expect(Array.from(users.codes, (c) => users.dictionary[c])).toEqual(
      Array.from(rows, (r) => table.columns.user_id.dictionary[table.columns.user_id.codes[r]]),
    );
    expect(Array.from(full[4].data as Uint8Array)).toEqual(
      Array.from(rows, (r) => table.columns.has_been_opened[r]),
    );
    expect(rowKeyParquetColumns(keys, rows, { ids: false }).map((c) => c.name)).toEqual([
      'row',
      'tracker_created_at',
    ]);
  });

  test('readRowKeyLog names the file when its id columns are not strings', async () => {
    const path = join(dir, 'not-a-log.parquet');
    writeParquet(path, [
      { name: 'user_id', type: 'int32', data: Int32Array.from([1]) },
      { name: 'trackable_id', type: 'string', data: ['p'] },
      { name: 'tracker_created_at', type: 'timestamp', data: Float64Array.from([0]) },
      { name: 'has_been_opened', type: 'boolean', data: Uint8Array.from([1]) },
    ]);
    await expect(readRowKeyLog(path)).rejects.toThrow(
      /not-a-log\.parquet: user_id and trackable_id must be strings/,
    );
  });

  test('streamed batches make the same snapshot as one write', async () => {
    const source = rawLogFile(300);
    const path = join(dir, 'streamed.parquet');
    const writer = new ParquetStreamWriter(path, RAW_TABLE_PARQUET_SCHEMA);
    for await (const batch of readRawBatches(source, { batchSize: 70 }))
      writer.writeRowGroup(rawTableRowGroup(batch));
    writer.close();
    const { table } = await loadRawLog(source);
    const back = await readRawTableParquet(path);
    for (const name of RAW_COLUMN_NAMES) expect(decoded(back, name), name).toEqual(decoded(table, name));
  });

  test('a snapshot missing a required column is refused', async () => {
    const path = join(dir, 'partial.parquet');
    writeParquet(path, [{ name: 'trackable_id', type: 'string', data: ['a'] }]);
    await expect(readRawTableParquet(path)).rejects.toThrow(/lacks column user_id/);
  });
});

describe('interop: DuckDB reads our files with the same values', () => {
  test('every type, and the raw log snapshot', async () => {
    const typesPath = join(dir, 'duck-types.parquet');
    writeParquet(typesPath, everyType(), { rowGroupSize: 2 });
    const { table } = await loadRawLog(rawLogFile(200));
    const logPath = join(dir, 'duck-log.parquet');
    writeRawTableParquet(logPath, table, 64);

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const types = await connection.runAndReadAll(
        `SELECT i32, i32_null, i32_nan, i64, i64_big, f64, f32, bool, bool_null, str, dict,
                epoch_us(ts) AS ts, list FROM read_parquet('${typesPath}')`,
      );
      const rows = types.getRowObjectsJS();
      expect(rows.map((r) => r.i32)).toEqual([1, -2, 2147483647, -2147483648, 0]);
      expect(rows.map((r) => r.i32_null)).toEqual([1, null, 3, null, -5]);
      expect(rows.map((r) => r.i32_nan)).toEqual([7, null, 9, 10, null]);
      expect(rows.map((r) => r.i64)).toEqual([2n ** 40n, null, -(2n ** 53n - 1n), 0n, 12n]);
      expect(rows.map((r) => r.i64_big)).toEqual([1n, 2n, 3n, -4n, 9007199254740991n]);
      expect(rows.map((r) => r.f64)).toEqual([0.1, null, -1e300, 5e-324, 3]);
      expect(rows.map((r) => r.f32)).toEqual([0.5, null, -2.25, Math.fround(1e30), 0]);
      expect(rows.map((r) => r.bool)).toEqual([true, false, false, true, true]);
      expect(rows.map((r) => r.bool_null)).toEqual([true, null, false, true, null]);
      expect(rows.map((r) => r.str)).toEqual(['a', null, 'é€😀', '', 'a']);
      expect(rows.map((r) => r.dict)).toEqual(['y', null, 'x', 'y', 'y']);
      expect(rows.map((r) => r.ts)).toEqual([BigInt(T), null, 0n, -1_000_001n, BigInt(T + 1)]);
      expect(rows.map((r) => r.list)).toEqual([[3, 40], [], [7], [], [1, 2, 3]]);

      const log = await connection.runAndReadAll(
        `SELECT trackable_id, user_id, epoch_us(tracker_created_at) AS t, has_been_opened, user_department,
                user_age, user_children_age_month, epoch_us(first_comment_at) AS fc, post_likes_count
         FROM read_parquet('${logPath}')`,
      );
      const got = log.getRowObjectsJS();
      expect(got).toHaveLength(200);
      const toNull = (v: number) => (Number.isNaN(v) ? null : v);
      expect(got.map((r) => r.trackable_id)).toEqual(decoded(table, 'trackable_id'));
      expect(got.map((r) => r.user_id)).toEqual(decoded(table, 'user_id'));
      expect(got.map((r) => Number(r.t))).toEqual(Array.from(table.columns.tracker_created_at));
      expect(got.map((r) => (r.has_been_opened ? 1 : 0))).toEqual(Array.from(table.columns.has_been_opened));
      expect(got.map((r) => r.user_department)).toEqual(decoded(table, 'user_department'));
      expect(got.map((r) => r.user_age)).toEqual(Array.from(table.columns.user_age, toNull));
      expect(got.map((r) => r.user_children_age_month)).toEqual(decoded(table, 'user_children_age_month'));
      expect(got.map((r) => (r.fc === null ? null : Number(r.fc)))).toEqual(
        Array.from(table.columns.first_comment_at, toNull),
      );
      expect(got.map((r) => r.post_likes_count)).toEqual(Array.from(table.columns.post_likes_count));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
