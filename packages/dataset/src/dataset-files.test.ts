import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deduplicate, formatTimestampMicros } from '@wemoms/data-schema';
import { readParquet } from '@wemoms/data-schema/node';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_FILES, readDataset, readTrainEval, writeDataset } from './dataset-files.js';
import { expandCandidates } from './expand-candidates.js';
import { makeDataset } from './make-dataset.js';
import type { SplitConfig } from './split-config.js';
import { GROUPINGS } from './test-groups.js';
import { HAND_BUILT_LOG } from './testing/hand-built-log.js';
import { tableFromEvents } from './testing/table-from-events.js';

const CONFIG: SplitConfig = {
  train: { first: '2023-01-20', last: '2023-01-26' },
  eval: { first: '2023-01-27', last: '2023-01-27' },
  test: { first: '2023-01-28', last: '2023-01-29' },
  trainFilterMaxRows: 4,
};

const dir = mkdtempSync(join(tmpdir(), 'wemoms-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const raw = tableFromEvents(HAND_BUILT_LOG);
const dataset = makeDataset(raw, CONFIG);

/** Reads a parquet file as readable rows. */
async function rows(file: string): Promise<string[]> {
  const t = await readParquet(join(dir, file));
  return Array.from({ length: t.length }, (_, i) =>
    t.specs
      .map(({ name, type }) => {
        const v = t.columns[name];
        if ('codes' in v) return v.dictionary[v.codes[i]];
        if (type === 'timestamp') return formatTimestampMicros((v as Float64Array)[i]).slice(0, 19);
        return String((v as ArrayLike<number>)[i]);
      })
      .join(' | '),
  );
}

describe('makeDataset', () => {
  it('takes a log the caller de-duplicated as it is, and still counts the duplicates', () => {
    const { table } = deduplicate(raw);
    const same = makeDataset(table, CONFIG, { duplicatesRemoved: 1 });
    expect(same.log).toBe(table);
    expect(same.summary).toEqual(dataset.summary);
    expect(Array.from(same.split.eval)).toEqual(Array.from(dataset.split.eval));
  });

  it('counts label conflicts apart from duplicates, keeps the key opened, and carries the counts of the reader', () => {
    // The first event logged again as opened (an impression, then its open): one conflicting key.
    const first = { ...HAND_BUILT_LOG[0], has_been_opened: false };
    const events = [first, ...HAND_BUILT_LOG.slice(1), { ...first, has_been_opened: true }];
    const withConflict = makeDataset(tableFromEvents(events), CONFIG);
    expect(withConflict.summary.duplicates).toBe(1);
    expect(withConflict.summary.labelConflicts).toMatchObject({ keys: 1, rowsRemoved: 1 });
    expect(withConflict.summary.labelConflicts.examples[0]).toMatchObject({
      user_id: first.user_id,
      trackable_id: first.trackable_id,
      labels: [false, true],
    });
    expect(withConflict.summary.inputRows).toBe(events.length);
    expect(withConflict.log.length).toBe(events.length - 2);
    expect(withConflict.log.columns.has_been_opened[0]).toBe(1);
    // A log the reader de-duplicated: its counts are carried into the summary.
    const { table, duplicates, labelConflicts } = deduplicate(tableFromEvents(events));
    const carried = makeDataset(table, CONFIG, { duplicatesRemoved: duplicates, labelConflicts });
    expect(carried.summary).toEqual(withConflict.summary);
  });

  it('de-duplicates first, then splits, catalogues and groups the de-duplicated log', () => {
    expect(dataset.summary.inputRows).toBe(HAND_BUILT_LOG.length);
    expect(dataset.summary.duplicates).toBe(1);
    expect(dataset.summary.labelConflicts).toEqual({ keys: 0, rowsRemoved: 0, examples: [] });
    expect(dataset.log.length).toBe(HAND_BUILT_LOG.length - 1);
    expect(dataset.summary.split.rows).toBe(HAND_BUILT_LOG.length - 1);
    // Two rows on 2023-01-27 (eval), everything else is test; nothing falls in train.
    expect(dataset.split.eval.length).toBe(2);
    expect(dataset.split.test.length).toBe(HAND_BUILT_LOG.length - 3);
    expect(dataset.summary.split.warnings).toContain('train range has no rows');
    expect(dataset.summary.test.event).toMatchObject({
      groups: 4,
      positives: 5,
      users: 4,
      // Day 2023-01-28: 4 groups x 4 posts of 2023-01-27. Day 2023-01-29: u-4 opens p-a (created d-2): none.
      rows: 16,
      posts: 4,
      candidatesPerGroup: { min: 4, median: 4, max: 4 },
      positivesPerGroup: { min: 1, median: 1, max: 2 },
    });
    expect(dataset.summary.test.impressions).toMatchObject({
      groups: 2,
      positives: 3,
      rows: 5,
      posts: 3,
      candidatesPerGroup: { min: 2, median: 2.5, max: 3 },
    });
    expect(dataset.summary.test.userDay.perDay).toEqual([
      { day: '2023-01-28', groups: 4, positives: 5, candidates: 16, previousDayPosts: 4 },
      { day: '2023-01-29', groups: 0, positives: 0, candidates: 0, previousDayPosts: 1 },
    ]);
  });
});

describe('writeDataset / readDataset', () => {
  it('writes every file atomically (no temp file left) with the documented columns', async () => {
    writeDataset(dir, dataset);
    expect(readdirSync(dir).sort()).toEqual(Object.values(DATASET_FILES).sort());
    expect(await rows('eval.parquet')).toEqual([
      '10 | u-4 | p-a | 2023-01-27 23:59:59 | 1', // raw rows 11, 12: the duplicate (raw row 3) is gone
      '11 | u-4 | p-a | 2023-01-27 23:30:00 | 1',
    ]);
    const test = await rows('test.parquet');
    expect(test.slice(0, 5)).toEqual([
      'event | 2023-01-28 | 0 | event:2023-01-28:u-4:2023-01-28 00:00:00.000000+00:00 | u-4 | p-b | 2023-01-28 00:00:00 | 1',
      'event | 2023-01-28 | 1 | event:2023-01-28:a-5:2023-01-28 08:00:00.000000+00:00 | a-5 | p-a | 2023-01-28 08:00:00 | 1',
      'event | 2023-01-28 | 2 | event:2023-01-28:u-1:2023-01-28 08:00:00.000000+00:00 | u-1 | p-a | 2023-01-28 08:00:00 | 1',
      'event | 2023-01-28 | 2 | event:2023-01-28:u-1:2023-01-28 08:00:00.000000+00:00 | u-1 | p-b | 2023-01-28 08:00:00 | 1',
      'event | 2023-01-28 | 3 | event:2023-01-28:u-2:2023-01-28 11:00:00.000000+00:00 | u-2 | p-b | 2023-01-28 11:00:00 | 1',
    ]);
    // event 5 + userDay 5 positives, impressions 5 shown posts.
    expect(test.length).toBe(15);
    expect(test.slice(10)).toEqual([
      'impressions | 2023-01-28 | 0 | impressions:2023-01-28:u-2:2023-01-28 06:00:00.000000+00:00 | u-2 | p-a | 2023-01-28 06:00:00 | 0',
      'impressions | 2023-01-28 | 0 | impressions:2023-01-28:u-2:2023-01-28 06:00:00.000000+00:00 | u-2 | p-b | 2023-01-28 06:00:00 | 1',
      'impressions | 2023-01-28 | 1 | impressions:2023-01-28:u-1:2023-01-28 07:00:00.000000+00:00 | u-1 | 0-z | 2023-01-28 07:00:00 | 0',
      'impressions | 2023-01-28 | 1 | impressions:2023-01-28:u-1:2023-01-28 07:00:00.000000+00:00 | u-1 | p-a | 2023-01-28 07:00:00 | 1',
      'impressions | 2023-01-28 | 1 | impressions:2023-01-28:u-1:2023-01-28 07:00:00.000000+00:00 | u-1 | p-b | 2023-01-28 07:00:00 | 1',
    ]);
    expect(await rows('test_posts.parquet')).toEqual([
      '2023-01-28 | 0-z | 2023-01-27 09:00:00 | 2023-01-28 09:00:00',
      '2023-01-28 | p-a | 2023-01-27 10:00:00 | 2023-01-27 23:30:00',
      '2023-01-28 | p-b | 2023-01-27 23:59:00 | 2023-01-28 00:00:00',
      '2023-01-28 | p-e | 2023-01-27 08:00:00 | 2023-01-29 10:00:00',
      // Whole-minute age (359 for 5h59m30s): the recovered creation is 00:01:00, not 00:00:30.
      '2023-01-29 | p-c | 2023-01-28 00:01:00 | 2023-01-28 06:00:00',
    ]);
    const summary = JSON.parse(readFileSync(join(dir, DATASET_FILES.summary), 'utf8'));
    expect(summary).toEqual(JSON.parse(JSON.stringify(dataset.summary)));
  });

  it('reads back the same groups and rows, coded with the log dictionaries', async () => {
    const files = await readDataset(dir, dataset.log);
    expect([...files.eval.rows]).toEqual([...dataset.split.eval]);
    expect([...files.train.rows]).toEqual([]);
    for (const grouping of GROUPINGS) {
      const written = dataset.groups[grouping].filter((g) => g.length > 0);
      expect(files.groups[grouping]).toEqual(written);
      const expand = (groups: typeof written) =>
        groups.flatMap((g) => [...expandCandidates(g, dataset.catalog)].map((c) => [...c.post, ...c.label]));
      expect(expand(files.groups[grouping])).toEqual(expand(written));
    }
  });

  it('reads the train and eval rows alone, the same as readDataset', async () => {
    const files = await readDataset(dir, dataset.log);
    const splits = await readTrainEval(dir, dataset.log);
    expect(splits.train).toEqual(files.train);
    expect(splits.eval).toEqual(files.eval);
    expect(splits.summary).toEqual(files.summary);
  });

  it('refuses a log with the same rows and times but other ids', async () => {
    const renamed = HAND_BUILT_LOG.map((e) => ({ ...e, user_id: `x${e.user_id.slice(1)}` }));
    const other = makeDataset(tableFromEvents(renamed), CONFIG);
    await expect(readTrainEval(dir, other.log)).rejects.toThrow(
      /eval\.parquet: row 0: log row 10 does not match/,
    );
  });

  it('refuses files that do not match the given log', async () => {
    const other = makeDataset(tableFromEvents(HAND_BUILT_LOG.slice(1)), CONFIG);
    await expect(readDataset(dir, other.log)).rejects.toThrow(
      /eval\.parquet: row 0: log row 10 does not match/,
    );
  });
});
