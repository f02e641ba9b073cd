import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { RawLogError } from './raw-log-error.js';
import { loadRawLog, readRawBatches } from './read-raw-log.js';
import type { RawTable } from './schema.js';
import { sampleRawEvent } from './testing/sample-events.js';
import { formatTimestampMicros, parseTimestampMicros } from './time.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wemoms-read-'));
});

let fileCount = 0;
/** Writes lines (strings or objects) as a gzip JSON-Lines file and returns its path. */
function gz(lines: (string | object)[], name = `log-${fileCount++}.json.gzip`): string {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const path = join(dir, name);
  writeFileSync(path, gzipSync(text));
  return path;
}

const row = (i: number, patch: Record<string, unknown> = {}) => ({ ...sampleRawEvent(i), ...patch });
const without = (i: number, column: string) => {
  const r: Record<string, unknown> = { ...sampleRawEvent(i) };
  delete r[column];
  return r;
};

async function strictError(path: string): Promise<RawLogError> {
  const error = await loadRawLog(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RawLogError);
  return error as RawLogError;
}

describe('reading valid logs', () => {
  test('every column is decoded to the documented storage', async () => {
    const events = [0, 1, 2, 3].map((i) => sampleRawEvent(i));
    const { table, report } = await loadRawLog(gz(events));
    expect(table.length).toBe(4);
    expect(report).toMatchObject({ lines: 4, rows: 4, rejected: 0, blankLines: 0, duplicates: 0 });
    const c = table.columns;
    for (let i = 0; i < 4; i++) {
      const e = events[i];
      expect(c.trackable_id.dictionary[c.trackable_id.codes[i]]).toBe(e.trackable_id);
      expect(c.user_id.dictionary[c.user_id.codes[i]]).toBe(e.user_id);
      expect(c.tracker_created_at[i]).toBe(parseTimestampMicros(e.tracker_created_at));
      expect(c.has_been_opened[i]).toBe(e.has_been_opened ? 1 : 0);
      expect(c.days_since_user_account_creation[i]).toBe(e.days_since_user_account_creation);
      const pregnancyDay = c.user_pregnancy_current_day[i];
      if (e.user_pregnancy_current_day === null) expect(pregnancyDay).toBeNaN();
      else expect(pregnancyDay).toBe(e.user_pregnancy_current_day);
      const dep = c.user_department.codes[i];
      expect(dep === -1 ? null : c.user_department.dictionary[dep]).toBe(e.user_department);
      const fc = c.first_comment_at[i];
      if (e.first_comment_at === null) expect(fc).toBeNaN();
      else expect(formatTimestampMicros(fc)).toBe(e.first_comment_at);
      const { offsets, values } = c.user_children_age_month;
      expect(Array.from(values.subarray(offsets[i], offsets[i + 1]))).toEqual(e.user_children_age_month);
      expect(c.user_age[i]).toBeNaN();
    }
  });

  test('dictionaries are in first-seen order and shared by all batches of one read', async () => {
    const path = gz(Array.from({ length: 25 }, (_, i) => sampleRawEvent(i)));
    const batches: RawTable[] = [];
    const generator = readRawBatches(path, { batchSize: 10 });
    let step = await generator.next();
    while (!step.done) {
      batches.push(step.value);
      step = await generator.next();
    }
    expect(step.value.rows).toBe(25);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    const dictionary = batches[0].columns.user_id.dictionary;
    for (const b of batches) expect(b.columns.user_id.dictionary).toBe(dictionary);
    const { table } = await loadRawLog(path);
    const all = batches.flatMap((b) => Array.from(b.columns.user_id.codes));
    expect(all).toEqual(Array.from(table.columns.user_id.codes));
    expect(dictionary).toEqual(table.columns.user_id.dictionary);
    expect(dictionary[0]).toBe(sampleRawEvent(0).user_id);
  });

  test('batches are independent copies; list columns restart at offset 0', async () => {
    const path = gz(Array.from({ length: 6 }, (_, i) => sampleRawEvent(i)));
    const batches: RawTable[] = [];
    for await (const b of readRawBatches(path, { batchSize: 4 })) batches.push(b);
    const second = batches[1].columns.user_children_age_month;
    expect(second.offsets[0]).toBe(0);
    expect(Array.from(second.values.subarray(second.offsets[0], second.offsets[1]))).toEqual(
      sampleRawEvent(4).user_children_age_month,
    );
    expect(batches[0].columns.tracker_created_at[0]).toBe(
      parseTimestampMicros(sampleRawEvent(0).tracker_created_at),
    );
  });

  test('plain (not gzip) JSON Lines, CRLF endings, a BOM and no final newline are read too', async () => {
    const path = join(dir, 'plain.jsonl');
    writeFileSync(path, `\ufeff${JSON.stringify(sampleRawEvent(0))}\r\n${JSON.stringify(sampleRawEvent(1))}`);
    const { table, report } = await loadRawLog(path);
    expect(table.length).toBe(2);
    expect(report.lines).toBe(2);
    await expect(loadRawLog(path, { compression: 'gzip' })).rejects.toThrow(/expected gzip data/);
  });

  test('non-ASCII text survives the byte-level line split', async () => {
    const long = 'é'.repeat(40_000); // lines longer than a read chunk, multi-byte characters across chunks
    const { table } = await loadRawLog(
      gz([row(0, { user_department: long }), row(1, { author_department: '€' })]),
    );
    const dep = table.columns.user_department;
    expect(dep.dictionary[dep.codes[0]]).toBe(long);
    const author = table.columns.author_department;
    expect(author.dictionary[author.codes[1]]).toBe('€');
  });

  test('blank lines are skipped and counted; a final newline ends the last line, it adds none', async () => {
    const { table, report } = await loadRawLog(gz([row(0), '', '   ', row(1), '\t', row(2), '']));
    expect(table.length).toBe(3);
    expect(report.blankLines).toBe(3);
    expect(report.lines).toBe(6);
  });

  test('an unknown column (not in the schema) is reported, not fatal', async () => {
    const { table, report } = await loadRawLog(
      gz([row(0, { surprise: 1 }), row(1), row(2, { surprise: 2, other: 'x' })]),
    );
    expect(table.length).toBe(3);
    expect(report.unknownColumns.sort()).toEqual(['other', 'surprise']);
    expect(report.unknownColumnCounts).toEqual({ surprise: 2, other: 1 });
  });

  test('a missing optional column reads as all-null and is reported', async () => {
    const { table, report } = await loadRawLog(gz([row(0, { user_age: 31.5 }), row(1)]));
    expect(table.columns.user_age[0]).toBe(31.5);
    expect(table.columns.user_age[1]).toBeNaN();
    expect(table.columns.user_is_trying_since_days[0]).toBeNaN();
    expect(report.missingOptionalColumns).toEqual(['user_age', 'user_is_trying_since_days']);
    expect(report.missingOptionalCounts).toEqual({ user_age: 1, user_is_trying_since_days: 2 });
  });

  test('loadRawLog can de-duplicate in place', async () => {
    const lines = [
      row(0),
      row(1, { has_been_opened: false }),
      row(0),
      row(2, { has_been_opened: false }),
      row(1, { has_been_opened: true }),
    ];
    const { table, report } = await loadRawLog(gz(lines), { deduplicate: true });
    expect(report.rows).toBe(5);
    // row(0) twice is an ordinary duplicate; row(1) unopened then opened is a label conflict: opened.
    expect(report.duplicates).toBe(1);
    expect(report.labelConflicts).toMatchObject({ keys: 1, rowsRemoved: 1 });
    expect(report.labelConflicts.examples[0]).toMatchObject({
      user_id: sampleRawEvent(1).user_id,
      labels: [false, true],
    });
    expect(table.length).toBe(3);
    expect(Array.from(table.columns.has_been_opened)).toEqual([
      sampleRawEvent(0).has_been_opened ? 1 : 0,
      1,
      0,
    ]);
  });

  test('a multi-chunk load sizes its columns from the first chunk, whatever the recorded size says', async () => {
    // > 1 MiB of text: several read chunks, so loadRawLog projects, reserves and (when the projection
    // falls short) grows its columns. Every variant must equal the streamed batches, concatenated.
    const n = 6000;
    const lines = Array.from({ length: n }, (_, i) =>
      JSON.stringify(row(i, i % 7 === 0 ? { user_department: null } : {})),
    );
    const text = `${lines.join('\n')}\n`;
    const half = text.indexOf('\n', text.length >> 1) + 1;
    const variants = {
      gzip: gzipSync(text),
      // Two gzip members: the trailer's ISIZE is the second (small) member's, so the projection is short.
      twoMembers: Buffer.concat([
        gzipSync(text.slice(0, text.length - 200_000)),
        gzipSync(text.slice(text.length - 200_000)),
      ]),
      // The other way round: the recorded size is most of the file, read first in small part.
      twoMembersLong: Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))]),
      plain: Buffer.from(text),
    };
    let expected: RawTable | null = null;
    for (const [name, bytes] of Object.entries(variants)) {
      const path = join(dir, `multichunk-${name}`);
      writeFileSync(path, bytes);
      const { table, report } = await loadRawLog(path);
      expect(report.rows).toBe(n);
      expect(table.length).toBe(n);
      if (!expected) {
        const batches: RawTable[] = [];
        for await (const batch of readRawBatches(path, { batchSize: 1000 })) batches.push(batch);
        expect(batches.reduce((sum, b) => sum + b.length, 0)).toBe(n);
        expect(Array.from(table.columns.user_id.codes.subarray(1000, 2000))).toEqual(
          Array.from(batches[1].columns.user_id.codes),
        );
        expect(Array.from(table.columns.user_children_age_month.offsets.subarray(5000))).toEqual(
          Array.from(
            batches[5].columns.user_children_age_month.offsets,
            (o) => o + table.columns.user_children_age_month.offsets[5000],
          ),
        );
        expected = table;
      }
      for (const column of [
        'tracker_created_at',
        'author_age',
        'has_been_opened',
        'user_posts_count',
      ] as const) {
        expect(Array.from(table.columns[column])).toEqual(Array.from(expected.columns[column]));
      }
      expect(Array.from(table.columns.trackable_id.codes)).toEqual(
        Array.from(expected.columns.trackable_id.codes),
      );
      expect(Array.from(table.columns.user_department.codes)).toEqual(
        Array.from(expected.columns.user_department.codes),
      );
      for (const column of ['user_children_age_month', 'author_children_age_month'] as const) {
        expect(Array.from(table.columns[column].offsets)).toEqual(
          Array.from(expected.columns[column].offsets),
        );
        expect(Array.from(table.columns[column].values)).toEqual(Array.from(expected.columns[column].values));
      }
      const last = sampleRawEvent(n - 1);
      expect(table.columns.tracker_created_at[n - 1]).toBe(
        parseTimestampMicros(last.tracker_created_at as string),
      );
    }
  });

  test('an early stop closes the file and leaves no temp rejects file', async () => {
    const path = gz([...Array.from({ length: 10 }, (_, i) => row(i)), 'not json']);
    const rejectsPath = join(dir, 'early.rejects.jsonl');
    for await (const batch of readRawBatches(path, { batchSize: 2, mode: 'lenient', rejectsPath })) {
      expect(batch.length).toBe(2);
      break;
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('early.rejects'))).toEqual([]);
  });
});

describe('bad input, strict mode', () => {
  test('truncated gzip: a clear error naming the file', async () => {
    const full = gzipSync(
      Array.from({ length: 200 }, (_, i) => JSON.stringify(sampleRawEvent(i))).join('\n'),
    );
    const path = join(dir, 'truncated.json.gzip');
    writeFileSync(path, full.subarray(0, Math.floor(full.length / 2)));
    for (const mode of ['strict', 'lenient'] as const) {
      const error = await loadRawLog(path, { mode }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RawLogError);
      expect((error as Error).message).toMatch(/truncated\.json\.gzip: unexpected end of gzip data/);
    }
  });

  test('corrupt gzip data: a clear error naming the file', async () => {
    const full = gzipSync(Array.from({ length: 50 }, (_, i) => JSON.stringify(sampleRawEvent(i))).join('\n'));
    full[full.length >> 1] ^= 0xff;
    full[(full.length >> 1) + 1] ^= 0xff;
    const path = join(dir, 'corrupt.json.gzip');
    writeFileSync(path, full);
    await expect(loadRawLog(path)).rejects.toThrow(/corrupt\.json\.gzip: (corrupt gzip data|unexpected end)/);
  });

  test('empty file (0 bytes), empty gzip, blank-only: clear errors in both modes', async () => {
    const empty = join(dir, 'empty.json.gzip');
    writeFileSync(empty, '');
    await expect(loadRawLog(empty)).rejects.toThrow(/empty\.json\.gzip: the file is empty \(0 bytes\)/);
    await expect(loadRawLog(empty, { mode: 'lenient' })).rejects.toThrow(RawLogError);
    await expect(loadRawLog(gz([]))).rejects.toThrow(/holds no rows/);
    await expect(loadRawLog(gz(['', '  ']), { mode: 'lenient' })).rejects.toThrow(
      /holds no rows \(2 lines, all blank\)/,
    );
  });

  test('a directory: a clear error naming it, in both modes', async () => {
    for (const mode of ['strict', 'lenient'] as const) {
      await expect(loadRawLog(dir, { mode })).rejects.toThrow(
        `${dir} is a directory, expected a raw log file`,
      );
    }
  });

  test('a missing file: a clear error naming it', async () => {
    await expect(loadRawLog(join(dir, 'nope.json.gzip'))).rejects.toThrow(/nope\.json\.gzip: cannot open/);
  });

  test('non-JSON line: file:line and the text', async () => {
    const error = await strictError(gz([row(0), '{"trackable_id": "x",', row(1)]));
    expect(error.message).toMatch(
      /^.*log-\d+\.json\.gzip:2: expected a JSON object \(.*\), got "\{\\"trackable_id\\": \\"x\\","$/,
    );
    expect(error.line).toBe(2);
    expect(error.column).toBeNull();
  });

  test('a JSON value that is not an object', async () => {
    const error = await strictError(gz([row(0), '[1, 2]']));
    expect(error.message).toMatch(/:2: expected a JSON object, got \[1,2\]$/);
  });

  test.each([
    ['has_been_opened', 'yes', 'expected a boolean, got "yes"'],
    ['has_been_opened', null, 'expected a boolean, got null'],
    ['days_since_user_account_creation', '66', 'expected an integer in int32 range, got "66"'],
    ['days_since_user_account_creation', 66.5, 'expected an integer in int32 range, got 66.5'],
    ['days_since_user_account_creation', 2 ** 31, 'expected an integer in int32 range, got 2147483648'],
    ['user_pregnancy_current_week', 'ten', 'expected a number or null, got "ten"'],
    ['user_country_code', 33, 'expected a string or null, got 33'],
    ['trackable_id', 17, 'expected a non-empty string id, got 17'],
    ['user_id', '', 'expected a non-empty string id, got ""'],
    ['user_children_age_month', [1, 'two'], 'expected an array of int32 integers, got [1,"two"]'],
    ['user_children_age_month', null, 'expected an array of int32 integers, got null'],
    ['author_children_age_year', 3, 'expected an array of int32 integers, got 3'],
    ['tracker_created_at', 1675251852, 'expected a timestamp string'],
  ])('wrong type in %s (%j)', async (column, value, message) => {
    const error = await strictError(gz([row(0), row(1), row(2, { [column]: value })]));
    expect(error.message).toContain(`:3: column ${column}: ${message}`);
    expect(error.line).toBe(3);
    expect(error.column).toBe(column);
  });

  test.each([
    ['post_likes_count', -7, 'expected an integer >= 0, got -7'],
    ['user_followings_count', -1, 'expected an integer >= 0, got -1'],
    ['post_age_in_minutes', -30, 'expected an integer >= 0, got -30'],
    ['tracker_created_at', '2099-01-01 10:00:00+00:00', 'expected an impression time in [2000-01-01, '],
    ['tracker_created_at', '1970-01-01 00:00:00+00:00', 'expected an impression time in [2000-01-01, '],
    [
      'tracker_created_at',
      '1999-12-31 23:59:59.999999+00:00',
      'expected an impression time in [2000-01-01, ',
    ],
  ])('out of range: %s %j is an error with file, line and column', async (column, value, message) => {
    const error = await strictError(gz([row(0), row(1), row(2, { [column]: value })]));
    expect(error.message).toContain(`:3: column ${column}: ${message}`);
    expect(error.line).toBe(3);
    expect(error.column).toBe(column);
  });

  test('the impression time window is an option; its bounds are [min, max)', async () => {
    const min = parseTimestampMicros('2023-01-01 00:00:00+00:00');
    const max = parseTimestampMicros('2023-02-01 00:00:00+00:00');
    const window = { impressionWindow: { min, max } };
    const atMin = row(0, { tracker_created_at: '2023-01-01 00:00:00+00:00' });
    expect((await loadRawLog(gz([atMin]), window)).table.length).toBe(1);
    const atMax = row(0, { tracker_created_at: '2023-02-01 00:00:00+00:00' });
    const error = await loadRawLog(gz([atMax]), window).then(
      () => null,
      (e: RawLogError) => e,
    );
    expect(error?.message).toContain(
      ':1: column tracker_created_at: expected an impression time in [2023-01-01, 2023-02-01), got "2023-02-01 00:00:00+00:00"',
    );
    // Far-future logs are readable when the window says so.
    const future = row(0, { tracker_created_at: '2099-06-01 00:00:00+00:00' });
    const wide = { impressionWindow: { min, max: parseTimestampMicros('2100-01-01 00:00:00+00:00') } };
    expect((await loadRawLog(gz([future]), wide)).table.length).toBe(1);
  });

  test.each([
    'trackable_id',
    'tracker_created_at',
    'has_been_opened',
    'user_children_age_month',
    'first_comment_at',
  ])('missing required column %s: an error naming it', async (column) => {
    const error = await strictError(gz([row(0), without(1, column)]));
    expect(error.message).toContain(`:2: column ${column}: expected `);
    expect(error.message).toContain('got nothing (column absent)');
  });

  test.each(['2023-02-30 10:00:00+00:00', 'yesterday', '2023-02-01T11:44:12.326601+25:00', ''])(
    'unparsable timestamp %j',
    async (text) => {
      const error = await strictError(gz([row(0, { user_created_at: text })]));
      expect(error.message).toContain(
        `:1: column user_created_at: expected a timestamp string YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM], got ${JSON.stringify(text)}`,
      );
    },
  );

  test('rows before the bad line were streamed already; the error stops the read', async () => {
    const seen: number[] = [];
    const path = gz([row(0), row(1), row(2), row(3, { has_text: 1 })]);
    await expect(
      (async () => {
        for await (const b of readRawBatches(path, { batchSize: 2 })) seen.push(b.length);
      })(),
    ).rejects.toThrow(/:4: column has_text: expected a boolean, got 1/);
    expect(seen).toEqual([2]);
  });
});

describe('bad input, lenient mode', () => {
  test('rejects go to the rejects file with reasons; counts per reason; good rows kept', async () => {
    const lines = [
      row(0),
      'garbage',
      row(1, { has_video: 'no' }),
      without(2, 'user_id'),
      row(3, { tracker_created_at: '2023-02-30 00:00:00' }),
      row(4, { post_likes_count: -(2 ** 40) }),
      '42',
      '',
      row(5, { unknown_thing: true }),
    ];
    const rejectsPath = join(dir, 'rejects', 'out.jsonl');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'rejects'), { recursive: true });
    const { table, report } = await loadRawLog(gz(lines), { mode: 'lenient', rejectsPath });
    expect(table.length).toBe(2);
    expect(report).toMatchObject({ lines: 9, rows: 2, rejected: 6, blankLines: 1, rejectsPath });
    expect(report.rejectsByReason).toEqual({
      invalid_json: 1,
      wrong_type: 1,
      missing_required_column: 1,
      invalid_timestamp: 1,
      out_of_range: 1,
      not_an_object: 1,
    });
    expect(report.rejectsByColumn).toEqual({
      '(line)': 2,
      has_video: 1,
      user_id: 1,
      tracker_created_at: 1,
      post_likes_count: 1,
    });
    expect(report.unknownColumns).toEqual(['unknown_thing']);
    const rejects = readFileSync(rejectsPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.reason, r.column])).toEqual([
      [2, 'invalid_json', null],
      [3, 'wrong_type', 'has_video'],
      [4, 'missing_required_column', 'user_id'],
      [5, 'invalid_timestamp', 'tracker_created_at'],
      [6, 'out_of_range', 'post_likes_count'],
      [7, 'not_an_object', null],
    ]);
    expect(report.rejectExamples.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(rejects[0].text).toBe('garbage');
    expect(JSON.parse(rejects[1].text)).toEqual(lines[2]);
    expect(report.rejectExamples[1].message).toMatch(/:3: column has_video: expected a boolean, got "no"$/);
    expect(readdirSync(join(dir, 'rejects'))).toEqual(['out.jsonl']);
  });

  test('the folder of the rejects file is created when missing (a fresh workdir)', async () => {
    const rejectsPath = join(dir, 'fresh', 'data', 'interim', 'rejects.jsonl');
    const { report } = await loadRawLog(gz([row(0), 'nope']), { mode: 'lenient', rejectsPath });
    expect(report.rejected).toBe(1);
    expect(JSON.parse(readFileSync(rejectsPath, 'utf8')).line).toBe(2);
    expect(readdirSync(join(dir, 'fresh', 'data', 'interim'))).toEqual(['rejects.jsonl']);
  });

  test('negative counts and implausible impression times are rejected as out_of_range, counted', async () => {
    const lines = [
      row(0),
      row(1, { post_likes_count: -7 }),
      row(2, { tracker_created_at: '2099-03-04 05:06:07+00:00' }),
      row(3, { tracker_created_at: '1970-01-01 00:00:00+00:00' }),
      row(4, { survey_answers_count: -1, user_posts_count: -2 }),
      row(5),
    ];
    const rejectsPath = join(dir, 'range', 'rejects.jsonl');
    const { table, report } = await loadRawLog(gz(lines), { mode: 'lenient', rejectsPath });
    expect(table.length).toBe(2);
    expect(report.rejectsByReason).toEqual({ out_of_range: 4 });
    expect(report.rejectsByColumn).toEqual({
      post_likes_count: 1,
      tracker_created_at: 2,
      user_posts_count: 1,
    });
    const rejects = readFileSync(rejectsPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.reason, r.column, r.got])).toEqual([
      [2, 'out_of_range', 'post_likes_count', '-7'],
      [3, 'out_of_range', 'tracker_created_at', '"2099-03-04 05:06:07+00:00"'],
      [4, 'out_of_range', 'tracker_created_at', '"1970-01-01 00:00:00+00:00"'],
      [5, 'out_of_range', 'user_posts_count', '-2'],
    ]);
    // The table's time span is the plausible rows' only.
    const times = Array.from(table.columns.tracker_created_at);
    expect(Math.max(...times)).toBeLessThan(parseTimestampMicros('2024-01-01 00:00:00+00:00'));
  });

  test('a rejected row leaves no trace: its new ids do not enter the dictionaries', async () => {
    const bad = row(1, { trackable_id: 'only-in-a-bad-row', has_text: 'x' });
    const { table, report } = await loadRawLog(gz([row(0), bad, row(2)]), { mode: 'lenient' });
    expect(report.rejected).toBe(1);
    expect(table.columns.trackable_id.dictionary).not.toContain('only-in-a-bad-row');
    expect(table.columns.trackable_id.dictionary).toHaveLength(2);
    const lists = table.columns.user_children_age_month;
    expect(lists.offsets[2]).toBe(lists.values.length);
  });

  test('without a rejectsPath, rejects are still counted and exemplified', async () => {
    const { report } = await loadRawLog(gz([row(0), 'nope']), { mode: 'lenient' });
    expect(report.rejected).toBe(1);
    expect(report.rejectsPath).toBeNull();
    expect(report.rejectExamples[0].line).toBe(2);
  });

  test('a read that fails leaves no rejects file, not even a temp one', async () => {
    const full = gzipSync(
      ['nope', ...Array.from({ length: 300 }, (_, i) => JSON.stringify(sampleRawEvent(i)))].join('\n'),
    );
    const path = join(dir, 'trunc-lenient.json.gzip');
    writeFileSync(path, full.subarray(0, full.length - 100));
    const rejectsPath = join(dir, 'failed.rejects.jsonl');
    await expect(loadRawLog(path, { mode: 'lenient', rejectsPath })).rejects.toThrow(
      /unexpected end of gzip data/,
    );
    expect(existsSync(rejectsPath)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('failed.rejects'))).toEqual([]);
  });

  test('options are checked', async () => {
    const path = gz([row(0)]);
    await expect(loadRawLog(path, { mode: 'loose' as 'strict' })).rejects.toThrow(/mode must be/);
    await expect(readRawBatches(path, { batchSize: 0 }).next()).rejects.toThrow(/batchSize/);
  });
});
