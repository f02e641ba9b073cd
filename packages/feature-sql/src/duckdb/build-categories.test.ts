import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readParquet } from '@wemoms/data-schema/node';
import {
  CATEGORY_NAMES,
  createFeatureContext,
  type FeatureColumn,
  featurize,
  queriesFromRows,
} from '@wemoms/features';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { columnDifferences } from '../testing/compare-frames.js';
import { type SyntheticFixture, syntheticFixture } from '../testing/synthetic-log.js';
import { buildCategoriesWithDuckDb, checkMemoryLimit } from './build-categories.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-feature-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fixture: SyntheticFixture;
beforeAll(async () => {
  fixture = await syntheticFixture(dir, 15_000, 11);
}, 300_000);

describe('DuckDB engine vs TypeScript kernels on a synthetic log', () => {
  test('every column of every category: same rows, NaN where NaN, values within 1e-6 relative', async () => {
    const outDir = join(dir, 'interim');
    const results = await buildCategoriesWithDuckDb({
      logPath: fixture.logPath,
      rowPaths: [fixture.rowsPath],
      outDir,
      memoryLimit: '1GB',
    });
    expect(results.map((r) => r.name)).toEqual(CATEGORY_NAMES);
    // Atomic writes: no temp file or spill directory left behind.
    expect(readdirSync(outDir).sort()).toEqual(CATEGORY_NAMES.map((n) => `${n}.parquet`).sort());
    const context = createFeatureContext(fixture.log);
    const frame = featurize(context, queriesFromRows(fixture.log, fixture.rows));
    const differences: string[] = [];
    let compared = 0;
    for (const result of results) {
      const table = await readParquet(result.path);
      expect(table.length).toBe(fixture.rows.length);
      expect(Array.from(table.columns.row as Int32Array)).toEqual(Array.from(fixture.rows));
      for (const spec of frame.specs) {
        if (!(spec.name in table.columns)) continue;
        compared++;
        differences.push(
          ...columnDifferences(
            spec.name,
            table.columns[spec.name] as FeatureColumn,
            frame.columns[spec.name],
            fixture.rows,
          ),
        );
      }
    }
    expect(compared).toBe(frame.specs.length);
    expect(differences).toEqual([]);
  });
});

describe('bad input: clear errors', () => {
  test('a missing snapshot or split file names the file and the command that writes it', async () => {
    const outDir = join(dir, 'missing');
    await expect(
      buildCategoriesWithDuckDb({ logPath: join(dir, 'nope.parquet'), rowPaths: [fixture.rowsPath], outDir }),
    ).rejects.toThrow(
      `missing log snapshot at ${join(dir, 'nope.parquet')}: run \`wemoms make-dataset\` first`,
    );
    await expect(
      buildCategoriesWithDuckDb({ logPath: fixture.logPath, rowPaths: [join(dir, 'train.parquet')], outDir }),
    ).rejects.toThrow(/missing split rows at .*train\.parquet: run `wemoms make-dataset` first/);
  });

  test('a memory limit must be a size', () => {
    expect(checkMemoryLimit(' 2GB ')).toBe('2GB');
    expect(checkMemoryLimit('512MiB')).toBe('512MiB');
    expect(() => checkMemoryLimit('lots')).toThrow(
      'invalid DuckDB memory limit "lots": expected a size like 512MB or 2GB',
    );
    expect(() => checkMemoryLimit('2 GB; DROP TABLE x')).toThrow(/invalid DuckDB memory limit/);
  });
});
