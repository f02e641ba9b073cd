import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readParquet, readRowKeyLog, writeRawTableParquet } from '@wemoms/data-schema/node';
import { afterAll, describe, expect, it } from 'vitest';
import { featurizeCandidates } from '../candidates.js';
import { createFeatureContext } from '../context.js';
import { featurize, queriesFromRows } from '../featurize.js';
import { buildAllCategories, categoryPath } from '../parallel.js';
import { CATEGORY_NAMES } from '../registry.js';
import { randomLog } from '../testing/random-log.js';
import type { FeatureFrame } from '../types.js';
import { buildCategory } from './build-category.js';
import { rowKeyFromParquet } from './frame-parquet.js';
import { mergeFeatures } from './merge.js';
import { type CandidateRows, writeTestFeatures } from './test-features.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wemoms-features-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const log = randomLog(99, { rows: 500, users: 12, posts: 30 });
const context = createFeatureContext(log);
const train = Int32Array.from({ length: 350 }, (_, i) => i + 50);
const evalRows = Int32Array.from({ length: 100 }, (_, i) => i + 400);
const all = Int32Array.from([...train, ...evalRows]);

/** Column values of a feature as plain values (NaN kept; categories as strings). */
function valuesOf(column: unknown): unknown[] {
  if (ArrayBuffer.isView(column)) return Array.from(column as Float32Array);
  const c = column as { codes: Int32Array; dictionary: string[] };
  return Array.from(c.codes, (k) => (k >= 0 ? c.dictionary[k] : null));
}

function expectFrameColumns(frame: FeatureFrame, columns: Record<string, unknown>): void {
  for (const spec of frame.specs) {
    expect(valuesOf(columns[spec.name]), spec.name).toEqual(valuesOf(frame.columns[spec.name]));
  }
}

describe('per-category files, parallel build and merge', () => {
  it('worker-thread build writes the same files as the in-thread build, then merges train + eval', async () => {
    const parallelDir = tempDir();
    const serialDir = tempDir();
    const parallel = await buildAllCategories({ context, rows: all, outDir: parallelDir, concurrency: 2 });
    await buildAllCategories({ context, rows: all, outDir: serialDir, concurrency: 1 });
    expect(parallel.map((r) => r.name)).toEqual([...CATEGORY_NAMES]);
    const expected = featurize(context, queriesFromRows(log, all));
    for (const name of CATEGORY_NAMES) {
      const a = await readParquet(categoryPath(parallelDir, name));
      const b = await readParquet(categoryPath(serialDir, name));
      expect(a.specs).toEqual(b.specs);
      for (const spec of a.specs)
        expect(valuesOf(a.columns[spec.name])).toEqual(valuesOf(b.columns[spec.name]));
      expect(Array.from(a.columns.row as Int32Array)).toEqual(Array.from(all));
    }
    const outPath = join(parallelDir, 'processed', 'features.parquet');
    const merged = await mergeFeatures({ log, train, eval: evalRows, interimDir: parallelDir, outPath });
    expect(merged.rows).toBe(all.length);
    const table = await readParquet(outPath);
    expect(table.specs.slice(0, 6).map((s) => s.name)).toEqual([
      'row',
      'user_id',
      'trackable_id',
      'tracker_created_at',
      'split',
      'label',
    ]);
    expect(valuesOf(table.columns.split)).toEqual([...Array(350).fill('train'), ...Array(100).fill('eval')]);
    expect(Array.from(table.columns.label as Uint8Array)).toEqual(
      Array.from(all, (r) => log.columns.has_been_opened[r]),
    );
    expect(merged.features.map((s) => s.name)).toEqual(expected.specs.map((s) => s.name));
    expectFrameColumns(expected, table.columns);

    // Only the row-key columns of the log snapshot (what merge-features reads): the same file.
    const snapshot = join(parallelDir, 'log.parquet');
    writeRawTableParquet(snapshot, log);
    const keyLog = await readRowKeyLog(snapshot);
    const fromKeys = join(parallelDir, 'processed', 'features-from-keys.parquet');
    await mergeFeatures({ log: keyLog, train, eval: evalRows, interimDir: parallelDir, outPath: fromKeys });
    const again = await readParquet(fromKeys);
    expect(again.specs).toEqual(table.specs);
    for (const spec of table.specs)
      expect(valuesOf(again.columns[spec.name]), spec.name).toEqual(valuesOf(table.columns[spec.name]));
  });

  it('merge joins files whose rows come in another order, and rejects stale files', async () => {
    const dir = tempDir();
    const reversed = all.slice().reverse();
    for (const name of CATEGORY_NAMES) {
      buildCategory(name, { context, rows: name === 'post' ? reversed : all }, categoryPath(dir, name));
    }
    const outPath = join(dir, 'features.parquet');
    await mergeFeatures({ log, train, eval: evalRows, interimDir: dir, outPath });
    const table = await readParquet(outPath);
    expectFrameColumns(featurize(context, queriesFromRows(log, all)), table.columns);

    buildCategory('user', { context, rows: all.subarray(1) }, categoryPath(dir, 'user'));
    await expect(mergeFeatures({ log, train, eval: evalRows, interimDir: dir, outPath })).rejects.toThrow(
      /user\.parquet: 449 rows, expected 450/,
    );
    const shifted = all.slice();
    shifted[3] = 10; // row 10 is neither train nor eval
    buildCategory('user', { context, rows: shifted }, categoryPath(dir, 'user'));
    await expect(mergeFeatures({ log, train, eval: evalRows, interimDir: dir, outPath })).rejects.toThrow(
      /user\.parquet: line 4: row 10/,
    );
  });

  it('rejects with the failing category once every thread has stopped', async () => {
    const blocker = join(tempDir(), 'not-a-directory');
    writeFileSync(blocker, '');
    await expect(
      buildAllCategories({ context, rows: all, outDir: join(blocker, 'interim'), concurrency: 2 }),
    ).rejects.toThrow(/ENOTDIR|EEXIST/);
  });

  it('rejects unknown categories before starting', async () => {
    await expect(
      buildAllCategories({ context, rows: all, outDir: tempDir(), categories: ['nope'] }),
    ).rejects.toThrow(/unknown feature category "nope"/);
  });
});

function chunksOf(groups: number, start: number): CandidateRows[] {
  const posts = log.columns.trackable_id.dictionary.length;
  const chunks: CandidateRows[] = [];
  for (let g = 0; g < groups; g++) {
    const row = start + g * 7;
    chunks.push({
      length: posts,
      groupId: new Int32Array(posts).fill(g),
      user: new Int32Array(posts).fill(log.columns.user_id.codes[row]),
      post: Int32Array.from({ length: posts }, (_, p) => p),
      time: new Float64Array(posts).fill(log.columns.tracker_created_at[row]),
      label: Uint8Array.from({ length: posts }, (_, p) =>
        p === log.columns.trackable_id.codes[row] ? 1 : 0,
      ),
    });
  }
  return chunks;
}

describe('writeTestFeatures', () => {
  it('streams every grouping with group id, label and the same features as the featuriser', async () => {
    const path = join(tempDir(), 'test_features.parquet');
    const event = chunksOf(5, 400);
    const userDay = chunksOf(3, 420);
    const result = writeTestFeatures(
      path,
      context,
      [
        { grouping: 'event', chunks: event },
        { grouping: 'userDay', chunks: userDay },
      ],
      { minBatchRows: 64 },
    );
    expect(result.rowsByGrouping).toEqual({ event: 150, userDay: 90 });
    const table = await readParquet(path);
    expect(table.length).toBe(240);
    expect(valuesOf(table.columns.grouping)).toEqual([
      ...Array(150).fill('event'),
      ...Array(90).fill('userDay'),
    ]);
    const chunks = [...event, ...userDay];
    expect(Array.from(table.columns.group_id as Int32Array)).toEqual(
      chunks.flatMap((c) => Array.from(c.groupId)),
    );
    expect(Array.from(table.columns.label as Uint8Array)).toEqual(chunks.flatMap((c) => Array.from(c.label)));
    const frames = [...featurizeCandidates(context, chunks)];
    let at = 0;
    for (const { features } of frames) {
      for (const spec of features.specs) {
        const column = table.columns[spec.name];
        const slice =
          column instanceof Float32Array
            ? column.subarray(at, at + features.length)
            : {
                ...(column as { codes: Int32Array; dictionary: string[] }),
                codes: (column as { codes: Int32Array }).codes.subarray(at, at + features.length),
              };
        expect(valuesOf(slice), spec.name).toEqual(valuesOf(features.columns[spec.name]));
      }
      at += features.length;
    }
  });

  it('leaves no file behind when the candidate stream fails midway', () => {
    const dir = tempDir();
    const path = join(dir, 'test_features.parquet');
    function* failing() {
      yield* chunksOf(2, 400);
      throw new Error('upstream failed');
    }
    expect(() =>
      writeTestFeatures(path, context, [{ grouping: 'event', chunks: failing() }], { minBatchRows: 1 }),
    ).toThrow(/upstream failed/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('rowKeyFromParquet', () => {
  it('takes INT32 as is and a nullable INT32 without nulls (SQL engines write every column nullable)', () => {
    const rows = Int32Array.from([3, 1, 2]);
    expect(rowKeyFromParquet('f.parquet', rows)).toBe(rows);
    expect(Array.from(rowKeyFromParquet('f.parquet', Float64Array.from([3, 1, 2])))).toEqual([3, 1, 2]);
  });

  it('rejects nulls, fractions and non-integer columns with the file named', () => {
    expect(() => rowKeyFromParquet('f.parquet', Float64Array.from([1, Number.NaN]))).toThrow(
      'f.parquet: row 1 of column row is NaN, not a log row index',
    );
    expect(() => rowKeyFromParquet('f.parquet', Float64Array.from([0.5]))).toThrow(
      /row 0 of column row is 0.5/,
    );
    expect(() => rowKeyFromParquet('f.parquet', undefined)).toThrow('f.parquet: no int32 column row');
  });
});
