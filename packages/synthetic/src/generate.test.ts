import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { deduplicate, parseDay, RAW_COLUMN_NAMES, utcDay, validateRawEvent } from '@wemoms/data-schema';
import { loadRawLog } from '@wemoms/data-schema/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apportion } from './day-budgets.js';
import { generateSyntheticLog, type SyntheticLogStats } from './generate.js';
import { OMITTED_COLUMNS } from './row-format.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-synthetic-'));
const small = { rows: 4_000, seed: 11, start: '2023-01-02', days: 8 } as const;
let stats: SyntheticLogStats;
let lines: string[];

beforeAll(async () => {
  stats = await generateSyntheticLog({ ...small, out: join(dir, 'a.json.gzip') });
  lines = gunzipSync(readFileSync(join(dir, 'a.json.gzip')))
    .toString('utf8')
    .split('\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('generateSyntheticLog', () => {
  it('writes a pinned log and ground truth for a pinned seed (any change to the draws or their order shows)', async () => {
    // Fixed when simulate() was split into named steps (issue 14): the split is byte-identical. A change
    // here changes every synthetic log, the default 100k one included: update these only on purpose.
    const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
    expect(md5(gunzipSync(readFileSync(join(dir, 'a.json.gzip'))))).toBe('5bae6381980453941ae8a5f3b3c1af6a');
    const truthDir = join(dir, 'pinned-truth');
    await generateSyntheticLog({ ...small, out: join(dir, 'pinned.json.gzip'), truth: truthDir });
    expect(md5(gunzipSync(readFileSync(join(dir, 'pinned.json.gzip'))))).toBe(
      '5bae6381980453941ae8a5f3b3c1af6a',
    );
    expect(
      readdirSync(truthDir)
        .sort()
        .map((f) => `${f} ${md5(readFileSync(join(truthDir, f)))}`),
    ).toEqual([
      'index.json 42ed434334b695ea6313de9f05f93dd7',
      'posts.bin 2907dd6a4579e21ed33c7fec2ae2e871',
      'shown.bin a7bbb53a78228f6fa45f2c642c42f9ab',
    ]);
  });

  it('writes exactly `rows` lines of JSON, a newline after each', () => {
    expect(lines.at(-1)).toBe('');
    expect(lines.length - 1).toBe(small.rows);
    expect(stats.rows).toBe(small.rows);
  });

  it('writes the raw columns in RAW_SCHEMA order, omitting only the two columns the real file lacks', () => {
    const expected = RAW_COLUMN_NAMES.filter((c) => !(OMITTED_COLUMNS as readonly string[]).includes(c));
    for (const line of lines.slice(0, 200)) expect(Object.keys(JSON.parse(line))).toEqual(expected);
  });

  it('writes every row so that it passes strict single-row validation', () => {
    for (let i = 0; i < lines.length - 1; i++) {
      const v = validateRawEvent(JSON.parse(lines[i]));
      if (!v.valid) throw new Error(`line ${i + 1}: ${JSON.stringify(v.issue)}`);
      expect(v.unknownColumns).toEqual([]);
    }
  });

  it('uses the real value formats: timestamps, floats, nulls, lists', () => {
    const rows = lines.slice(0, -1).map((l) => JSON.parse(l));
    const ts = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;
    for (const r of rows) {
      expect(r.tracker_created_at).toMatch(ts);
      expect(r.user_created_at).toMatch(ts);
      if (r.first_comment_at !== null) {
        expect(r.first_comment_at).toMatch(ts);
        expect(r.post_comments_count).toBeGreaterThan(0);
        expect(r.first_comment_at <= r.tracker_created_at).toBe(true);
      } else expect(r.post_comments_count).toBe(0);
      expect(r.user_pregnancy_current_week === null).toBe(!r.user_is_pregnant);
      expect(r.author_amenorrhea_week === null).toBe(r.author_maternity_stage !== 'pregnant');
      expect(r.user_children_age_month.length).toBe(r.user_children_count);
      expect(r.author_children_age_year).toEqual(
        r.author_children_age_month.map((m: number) => Math.floor(m / 12)),
      );
      expect(r.direct_reports_count).toBe(0);
      expect(r.has_picture || r.has_text || r.has_video).toBe(true);
      if (r.user_country_code !== 'FR') expect(r.user_department).toBeNull();
    }
    // Floats are written as floats, as in the real export.
    expect(
      lines.find(
        (l) =>
          l.includes('"user_pregnancy_current_week":') && !l.includes('"user_pregnancy_current_week":null'),
      ),
    ).toMatch(/"user_pregnancy_current_week":\d+\.0,/);
  });

  it('contains a small share of exact duplicate lines and nothing else duplicated on the key', async () => {
    const { table } = await loadRawLog(join(dir, 'a.json.gzip'), { mode: 'strict' });
    const { table: unique, duplicates } = deduplicate(table);
    expect(duplicates).toBe(stats.duplicates);
    expect(duplicates / small.rows).toBeGreaterThan(0.001);
    expect(duplicates / small.rows).toBeLessThan(0.01);
    expect(new Set(lines).size - 1).toBe(unique.length); // every duplicate is an exact copy
  });

  it('leaves the first and last days incomplete', () => {
    const perDay = new Map<number, number>();
    for (const l of lines.slice(0, -1)) {
      const d = utcDay(Date.parse(JSON.parse(l).tracker_created_at) * 1000);
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const first = parseDay(small.start);
    const days = [...perDay.keys()].sort();
    expect(days[0]).toBe(first);
    expect(days.at(-1)).toBe(first + small.days - 1);
    const full = perDay.get(first + 2)!;
    expect(perDay.get(first)! / full).toBeLessThan(0.75);
    expect(perDay.get(first + small.days - 1)! / full).toBeLessThan(0.6);
  });

  it('never shows a post before it exists nor older than a week', () => {
    for (const l of lines.slice(0, -1)) {
      const r = JSON.parse(l);
      expect(r.post_age_in_minutes).toBeGreaterThanOrEqual(0);
      expect(r.post_age_in_minutes).toBeLessThanOrEqual(7 * 24 * 60);
    }
  });

  it('gives byte-identical files for the same seed and options, different ones for another seed', async () => {
    await generateSyntheticLog({ ...small, out: join(dir, 'b.json.gzip') });
    expect(sha(join(dir, 'b.json.gzip'))).toBe(sha(join(dir, 'a.json.gzip')));
    await generateSyntheticLog({ ...small, seed: 12, out: join(dir, 'c.json.gzip') });
    expect(sha(join(dir, 'c.json.gzip'))).not.toBe(sha(join(dir, 'a.json.gzip')));
    // gzip header: no mtime, so the bytes cannot depend on when the file was written.
    expect(readFileSync(join(dir, 'a.json.gzip')).readUInt32LE(4)).toBe(0);
  });

  it('writes atomically: no temporary file is left behind', () => {
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('rejects bad options with a message naming the option', async () => {
    await expect(generateSyntheticLog({ rows: 0, out: join(dir, 'x') })).rejects.toThrow(/rows/);
    await expect(generateSyntheticLog({ rows: 10, days: 0, out: join(dir, 'x') })).rejects.toThrow(/days/);
    await expect(
      generateSyntheticLog({ rows: 10, start: '2023-13-01', out: join(dir, 'x') }),
    ).rejects.toThrow(/2023-13-01 is not a calendar day/);
    await expect(generateSyntheticLog({ rows: 10, seed: 1.5, out: join(dir, 'x') })).rejects.toThrow(/seed/);
  });

  it('scales the app with the rows per day, not the days', async () => {
    const s = await generateSyntheticLog({ rows: 2_000, seed: 1, days: 4, out: join(dir, 'd.json.gzip') });
    const t = await generateSyntheticLog({ rows: 4_000, seed: 1, days: 4, out: join(dir, 'e.json.gzip') });
    expect(Math.abs(t.members / s.members - 2)).toBeLessThan(0.01);
    expect(Math.abs(t.postsCreated / s.postsCreated - 2)).toBeLessThan(0.01);
  });
});

describe('apportion', () => {
  it('splits a total exactly and proportionally', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
    expect(apportion(100, [0.5, 0.25, 0.25]).reduce((s, v) => s + v, 0)).toBe(100);
  });
});
