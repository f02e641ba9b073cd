/**
 * `wemoms sql` and `build-features --engine duckdb` through the CLI: the SQL printed or written, the
 * clear one-line errors, and a DuckDB build that merges to the very bytes of the TypeScript build.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureCli } from '../testing/run-cli.js';

const cli = (...args: string[]) => captureCli(args);

const work = mkdtempSync(join(tmpdir(), 'wemoms-cli-sql-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('wemoms sql', () => {
  it('prints the train part of a dialect, or writes it to --out', async () => {
    const printed = await cli(
      '--workdir',
      work,
      'sql',
      '--dialect',
      'bigquery',
      '--category',
      'userActivity',
    );
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/^-- WeMoms features \(train part, bigquery\)/);
    expect(printed.out).toContain('user_act_open_rate_28d');
    expect(printed.out).not.toContain('post_pop_views_1d');
    const written = await cli(
      '--workdir',
      work,
      'sql',
      '--dialect',
      'spark',
      '--part',
      'test',
      '--out',
      'test.sql',
    );
    expect(written.code).toBe(0);
    const sql = readFileSync(join(work, 'test.sql'), 'utf8');
    expect(sql).toMatch(/^-- WeMoms features \(test part, spark\)/);
    expect(sql).toContain('unix_micros(candidate_time) AS t');
  });

  it('bad dialect, part or category: one clear line, non-zero exit', async () => {
    const dialect = await cli('--workdir', work, 'sql', '--dialect', 'oracle');
    expect(dialect.code).not.toBe(0);
    expect(dialect.err.trimEnd().split('\n')).toEqual([
      "wemoms: error: option '--dialect <dialect>' argument 'oracle' is invalid. Allowed choices are duckdb, bigquery, spark. (see 'wemoms sql --help')",
    ]);
    const part = await cli('--workdir', work, 'sql', '--dialect', 'spark', '--part', 'eval');
    expect(part.err).toMatch(/argument 'eval' is invalid. Allowed choices are train, test/);
    const category = await cli('--workdir', work, 'sql', '--dialect', 'spark', '--category', 'nope');
    expect(category.err.trimEnd()).toMatch(
      /^wemoms: error: unknown feature category "nope": expected one of user, post/,
    );
  });
});

describe('build-features --engine duckdb', () => {
  it('bad engine, bad memory limit, missing snapshot: one clear line each', async () => {
    const engine = await cli('--workdir', work, 'build-features', '--engine', 'spark');
    expect(engine.err).toMatch(/argument 'spark' is invalid. Allowed choices are ts, duckdb/);
    const limit = await cli(
      '--workdir',
      work,
      'build-features',
      '--engine',
      'duckdb',
      '--memory-limit',
      'lots',
    );
    expect(limit.err.trimEnd()).toMatch(/features\.duckdbMemoryLimit: expected a size like 512MB or 2GB$/);
    const missing = await cli('--workdir', work, 'build-features', '--engine', 'duckdb');
    expect(missing.code).not.toBe(0);
    expect(missing.err.trimEnd().split('\n')).toEqual([
      'wemoms: error: missing log snapshot at data/interim/log.parquet: run `wemoms make-dataset` first',
    ]);
  });

  it('writes category files that merge to the same bytes as the TypeScript engine', async () => {
    const dir = join(work, 'run');
    const run = async (...args: string[]) => {
      const r = await cli('--workdir', dir, '--quiet', ...args);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    };
    await run('generate-data', '--rows', '4000', '--seed', '9');
    await run('make-dataset');
    await run('build-features');
    await run('merge-features');
    const features = join(dir, 'data/processed/features.parquet');
    const fromTs = readFileSync(features);
    await run('build-features', '--engine', 'duckdb', '--memory-limit', '256MB');
    await run('merge-features');
    expect(readFileSync(features).equals(fromTs)).toBe(true);
  }, 300_000);
});
