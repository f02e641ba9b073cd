/**
 * The default data set against the real sample's facts (DESIGN section 4). Generates the default
 * 100,000 rows once (a few seconds), reads them back with the strict reader, de-duplicates, and checks
 * each calibrated figure within a stated tolerance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deduplicate, parseDay, type RawTable } from '@wemoms/data-schema';
import { loadRawLog } from '@wemoms/data-schema/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticLog } from './generate.js';
import { DEFAULT_TRAIN_DAYS, type LogFacts, measureLogFacts, REAL_SAMPLE_FACTS } from './log-facts.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-calibration-'));
let facts: LogFacts;
let duplicates: number;
let table: RawTable;

beforeAll(async () => {
  const out = join(dir, 'default.json.gzip');
  await generateSyntheticLog({ out }); // all defaults: 100,000 rows, seed 42, 2023-01-02, 31 days
  const { table: raw, report } = await loadRawLog(out, { mode: 'strict' }); // throws at the first invalid row
  expect(report.rejected).toBe(0);
  ({ table, duplicates } = deduplicate(raw));
  facts = measureLogFacts(table, {
    first: parseDay(DEFAULT_TRAIN_DAYS.first),
    last: parseDay(DEFAULT_TRAIN_DAYS.last),
    filterMaxRows: DEFAULT_TRAIN_DAYS.filterMaxRows,
  });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const relativeGap = (value: number, target: number) => Math.abs(value - target) / target;

describe('default synthetic log vs the real sample', () => {
  it('has about 99,886 unique rows and a small share of exact duplicates (±1 %, 0.1-1 %)', () => {
    expect(relativeGap(facts.rows, REAL_SAMPLE_FACTS.rows)).toBeLessThan(0.01);
    expect(duplicates / 100_000).toBeGreaterThan(0.001);
    expect(duplicates / 100_000).toBeLessThan(0.01);
  });

  it('opens about 14.5 % of impressions (±1 point)', () => {
    expect(Math.abs(facts.openRate - REAL_SAMPLE_FACTS.openRate)).toBeLessThan(0.01);
  });

  it('shows about 82,000 distinct posts (±4 %)', () => {
    expect(relativeGap(facts.distinctPosts, REAL_SAMPLE_FACTS.distinctPosts)).toBeLessThan(0.04);
  });

  it('re-shows posts like the real log: 68,025 once (±4 %), 11,822 twice (±12 %), 2,023 thrice (±25 %)', () => {
    const h = facts.viewsHistogram;
    expect(relativeGap(h[1], REAL_SAMPLE_FACTS.postsShownOnce)).toBeLessThan(0.04);
    expect(relativeGap(h[2], REAL_SAMPLE_FACTS.postsShownTwice)).toBeLessThan(0.12);
    expect(relativeGap(h[3], REAL_SAMPLE_FACTS.postsShownThrice)).toBeLessThan(0.25);
  });

  it('has a tail of much re-shown posts reaching 20-45 views (real: 29)', () => {
    expect(facts.maxViewsOfAPost).toBeGreaterThanOrEqual(20);
    expect(facts.maxViewsOfAPost).toBeLessThanOrEqual(45);
    const fourOrMore = facts.viewsHistogram.slice(4).reduce((s, v) => s + v, 0);
    expect(fourOrMore).toBeGreaterThan(50);
    expect(fourOrMore).toBeLessThan(1_000);
  });

  it('is mostly pregnant women (50-70 % of rows and of users) and mostly France (80-95 % of rows)', () => {
    expect(facts.pregnantRowShare).toBeGreaterThan(0.5);
    expect(facts.pregnantRowShare).toBeLessThan(0.7);
    expect(facts.pregnantUserShare).toBeGreaterThan(0.5);
    expect(facts.pregnantUserShare).toBeLessThan(0.7);
    expect(facts.franceRowShare).toBeGreaterThan(0.8);
    expect(facts.franceRowShare).toBeLessThan(0.95);
  });

  it('loses about half its rows to the train filter: kept train rows 51.2 % of all rows (±2.5 points)', () => {
    expect(Math.abs(facts.trainRowsKept / facts.rows - REAL_SAMPLE_FACTS.trainFilterKeptShare)).toBeLessThan(
      0.025,
    );
  });

  it('has incomplete first and last days (under 70 % of a median day)', () => {
    const days = facts.rowsPerDay;
    expect(days.length).toBe(31);
    const median = [...days].sort((a, b) => a - b)[15];
    expect(days[0] / median).toBeLessThan(0.7);
    expect(days[30] / median).toBeLessThan(0.7);
  });

  it('sometimes shows a viewer the same post again (0.2-3 % of rows)', () => {
    expect(facts.repeatViewRows / facts.rows).toBeGreaterThan(0.002);
    expect(facts.repeatViewRows / facts.rows).toBeLessThan(0.03);
  });

  it('makes the documented features visible in the log: same stage and same departement open more', () => {
    const c = table.columns;
    const stageOf = (r: number) =>
      c.user_is_pregnant[r] ? 'pregnant' : c.user_is_trying[r] ? 'trying' : 'mom';
    const rate = { same: [0, 0], other: [0, 0], sameDept: [0, 0], otherDept: [0, 0] };
    for (let r = 0; r < table.length; r++) {
      const author = c.author_maternity_stage.dictionary[c.author_maternity_stage.codes[r]];
      const k = stageOf(r) === author ? rate.same : rate.other;
      k[0] += c.has_been_opened[r];
      k[1]++;
      const ud = c.user_department.codes[r];
      const ad = c.author_department.codes[r];
      if (ud >= 0 && ad >= 0) {
        const same = c.user_department.dictionary[ud] === c.author_department.dictionary[ad];
        const d = same ? rate.sameDept : rate.otherDept;
        d[0] += c.has_been_opened[r];
        d[1]++;
      }
    }
    expect(rate.same[0] / rate.same[1]).toBeGreaterThan(1.15 * (rate.other[0] / rate.other[1]));
    expect(rate.sameDept[0] / rate.sameDept[1]).toBeGreaterThan(
      1.1 * (rate.otherDept[0] / rate.otherDept[1]),
    );
  });
});
