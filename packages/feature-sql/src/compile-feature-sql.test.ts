/**
 * The emitted BigQuery and Spark SQL parse with dialect-aware parsers (node-sql-parser's BigQuery grammar,
 * dt-sql-parser's Spark grammar) and are pinned by snapshot files; the DuckDB SQL runs in the engine's
 * parity tests. dt-sql-parser's first Spark parse is slow (its grammar warms up): the whole Spark script is
 * parsed once, in one test.
 */
import { FEATURE_DEFINITIONS, getCategoryDefinition, WINDOWS } from '@wemoms/features';
import { SparkSQL } from 'dt-sql-parser';
import nodeSqlParser from 'node-sql-parser';
import { describe, expect, test } from 'vitest';
import { compileFeatureSql, type SqlPart } from './compile-feature-sql.js';
import type { DialectName } from './dialect.js';

const PARTS: readonly SqlPart[] = ['train', 'test'];
const sqlOf = (dialect: DialectName, part: SqlPart) =>
  compileFeatureSql(FEATURE_DEFINITIONS, { dialect, part });

describe('emitted SQL', () => {
  test('BigQuery: both parts parse with the BigQuery grammar, which rejects the DuckDB and Spark forms', () => {
    const parser = new nodeSqlParser.Parser();
    for (const part of PARTS) {
      expect(() => parser.astify(sqlOf('bigquery', part), { database: 'bigquery' })).not.toThrow();
    }
    // Dialect-aware: lambdas (DuckDB `lambda x:`, Spark `x ->`) are no BigQuery.
    expect(() => parser.astify(sqlOf('duckdb', 'train'), { database: 'bigquery' })).toThrow();
    expect(() => parser.astify(sqlOf('spark', 'train'), { database: 'bigquery' })).toThrow();
  });

  test('Spark: both parts parse with the Spark grammar without an error', { timeout: 600_000 }, () => {
    const spark = new SparkSQL();
    // A small DuckDB-only statement first: the validator does report errors.
    expect(
      spark.validate('SELECT list_min(list_transform(a, lambda x0: x0 + 1)) FROM t').length,
    ).toBeGreaterThan(0);
    const script = PARTS.map((part) => sqlOf('spark', part)).join(';\n');
    expect(spark.validate(script)).toEqual([]);
  });

  test.each([
    ['bigquery', 'train'],
    ['bigquery', 'test'],
    ['spark', 'train'],
    ['spark', 'test'],
    ['duckdb', 'train'],
  ] as const)('%s %s part matches its snapshot', async (dialect, part) => {
    await expect(sqlOf(dialect, part)).toMatchFileSnapshot(`./__snapshots__/${dialect}-${part}.sql`);
  });

  test('windows are differences of running sums at t and t - w, query points sorted before events', () => {
    const sql = sqlOf('bigquery', 'train');
    for (const w of WINDOWS) expect(sql).toContain(`SELECT CAST(${w.micros} AS INT64) AS slot`);
    expect(sql).toContain('qa.t - slots.slot AS t');
    expect(sql).toContain('ORDER BY t, is_event ROWS UNBOUNDED PRECEDING');
    // Running sums only: no frame that could include the current instant's events by range.
    expect(sql).not.toMatch(/RANGE BETWEEN|CURRENT ROW/);
  });

  test('the train part can be restricted to a rows table; the test part reads the candidates table', () => {
    const train = compileFeatureSql([getCategoryDefinition('user')], {
      dialect: 'spark',
      part: 'train',
      eventsTable: 'raw.impressions',
      rowsTable: 'raw.train_rows',
    });
    expect(train).toContain('FROM raw.impressions');
    expect(train).toContain('WHERE row_id IN (SELECT row_id FROM raw.train_rows)');
    const test = compileFeatureSql([getCategoryDefinition('user')], {
      dialect: 'bigquery',
      part: 'test',
      candidatesTable: 'ds.candidates_20230128',
    });
    expect(test).toContain('UNIX_MICROS(candidate_time) AS t');
    expect(test).toContain('FROM ds.candidates_20230128');
    expect(test).toMatch(/AS candidate_id,/);
  });

  test('bad dialect or part: a clear error', () => {
    expect(() =>
      compileFeatureSql(FEATURE_DEFINITIONS, { dialect: 'oracle' as DialectName, part: 'train' }),
    ).toThrow('unknown SQL dialect "oracle": expected one of duckdb, bigquery, spark');
    expect(() =>
      compileFeatureSql(FEATURE_DEFINITIONS, { dialect: 'spark', part: 'eval' as SqlPart }),
    ).toThrow('unknown SQL part "eval": expected one of train, test');
  });
});
