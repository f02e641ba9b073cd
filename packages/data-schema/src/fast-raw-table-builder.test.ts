import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FastRawTableBuilder } from './fast-raw-table-builder.js';
import { seededRandom } from './random.js';
import { RawTableBuilder } from './raw-table-builder.js';
import { loadRawLog, readRawBatches } from './read-raw-log.js';
import type { RowIssue } from './row-issue.js';
import { defaultImpressionWindow } from './row-rules.js';
import { RAW_COLUMN_NAMES, RAW_SCHEMA, type RawColumnName, type RawTable } from './schema.js';
import { fakeUuid, sampleRawEvent } from './testing/sample-events.js';
import { formatTimestampMicros, parseTimestampBytes, parseTimestampMicros } from './time.js';

/** Deterministic uniform source (the project's one seeded PRNG): the generator below is driven by one fast-check seed per line. */
const prng = seededRandom;

/** A JSON value to write: raw text (numbers, literals, broken tokens), a string, an array or an object. */
type Node =
  | { t: 'raw'; s: string }
  | { t: 'str'; s: string }
  | { t: 'arr'; items: Node[] }
  | { t: 'obj'; entries: [string, Node][] };

const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '42',
  '007',
  '2147483647',
  '2147483648',
  '-2147483648',
  '-2147483649',
  '9007199254740993',
  '99999999999',
  '1.0',
  '1.5',
  '-2.25',
  '0.1',
  '264.0',
  '-0.0',
  '1e3',
  '1E-2',
  '2.5e+1',
  '1e400',
  '-1e400',
  '1.',
  '.5',
  '-',
  '+1',
  '123456789012345',
  '1234567890123456',
  '0.000000000000001',
  '0.0000000000000001',
  '3.141592653589793',
  '12345678901.2345',
  '99.99999999999999',
  'NaN',
  'Infinity',
  '0x10',
  '1_000',
];
const LITERALS = ['true', 'false', 'null', 'True', 'nul', 'tru', 'falsey', 'undefined'];
const STRINGS = [
  '',
  'FR',
  'ios',
  'android',
  '59',
  'a"b',
  'back\\slash',
  'é',
  '€',
  '😀',
  'tab\there',
  'line\nbreak',
  '\u0000',
  'slash/',
  'null',
  'true',
  '12',
  '\ud800',
  ' ',
  'mom',
];

function timestampText(rand: () => number): string {
  const us = Math.floor(rand() * 2 ** 52) - 2 ** 51;
  let s = formatTimestampMicros(Math.floor(us / 1000) * 1000 + Math.floor(rand() * 1000));
  const r = rand();
  if (r < 0.1) s = s.replace(' ', 'T');
  else if (r < 0.2) s = s.replace('+00:00', 'Z');
  else if (r < 0.3)
    s = s.replace('+00:00', ['+0100', '-05:30', '+02', '', '+24:00', '+01:60', 'z'][Math.floor(rand() * 7)]);
  else if (r < 0.4)
    s = s.replace(/\.\d+/, ['', '.', '.1', '.1234567', '.123456789', '.1234567890'][Math.floor(rand() * 6)]);
  else if (r < 0.5) {
    const at = Math.floor(rand() * s.length);
    s = s.slice(0, at) + '0123456789-: xT'[Math.floor(rand() * 15)] + s.slice(at + 1);
  } else if (r < 0.55)
    s = [
      '2023-02-29 00:00:00',
      '2024-02-29 23:59:59.5',
      '2023-13-01 00:00:00',
      '2023-01-01 24:00:00',
      '2023-01-01',
    ][Math.floor(rand() * 5)];
  return s;
}

function randomValue(rand: () => number, depth = 0): Node {
  const r = rand();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  if (r < 0.3) return { t: 'raw', s: pick(NUMBERS) };
  if (r < 0.45) return { t: 'raw', s: pick(LITERALS) };
  if (r < 0.6) return { t: 'str', s: pick(STRINGS) };
  if (r < 0.7) return { t: 'str', s: timestampText(rand) };
  if (r < 0.75) return { t: 'str', s: fakeUuid(Math.floor(rand() * 3), Math.floor(rand() * 50)) };
  if (r < 0.92 || depth > 1) {
    const n = Math.floor(rand() * 4);
    const items: Node[] = [];
    for (let k = 0; k < n; k++) {
      items.push(rand() < 0.8 ? { t: 'raw', s: pick(NUMBERS.slice(0, 12)) } : randomValue(rand, depth + 1));
    }
    return { t: 'arr', items };
  }
  return { t: 'obj', entries: [['a', randomValue(rand, depth + 1)]] };
}

const FLOATS = NUMBERS.filter(
  (x) => !['007', '1.', '.5', '-', '+1', 'NaN', 'Infinity', '0x10', '1_000'].includes(x),
);
const INTS = [
  '0',
  '-0',
  '1',
  '-1',
  '7',
  '2147483647',
  '-2147483648',
  '2147483648',
  '1.0',
  '1e3',
  '-1e0',
  '1.5',
  '99999999999',
];

/** A value of the column's own kind (mostly valid, sometimes just out of range or fractional). */
function sameKindValue(column: string, rand: () => number): Node {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  switch (RAW_SCHEMA[column as RawColumnName].kind) {
    case 'float':
      return { t: 'raw', s: pick(FLOATS) };
    case 'int':
      return { t: 'raw', s: pick(INTS) };
    case 'bool':
      return { t: 'raw', s: pick(['true', 'false']) };
    case 'timestamp':
      return { t: 'str', s: timestampText(rand) };
    case 'intList':
      return {
        t: 'arr',
        items: Array.from({ length: Math.floor(rand() * 4) }, () => ({ t: 'raw', s: pick(INTS) })),
      };
    default:
      return {
        t: 'str',
        s: rand() < 0.5 ? pick(STRINGS) : fakeUuid(Math.floor(rand() * 3), Math.floor(rand() * 50)),
      };
  }
}

/** JSON of a plain value as a Node (numbers written by JSON.stringify). */
function toNode(v: unknown): Node {
  if (typeof v === 'string') return { t: 'str', s: v };
  if (Array.isArray(v)) return { t: 'arr', items: v.map(toNode) };
  return { t: 'raw', s: JSON.stringify(v) };
}

/** Writes `node` as JSON text, with random whitespace and escapes (and now and then a non-JSON space). */
function write(node: Node, rand: () => number, wild: boolean): string {
  const ws = () => {
    if (!wild || rand() > 0.08) return '';
    return [' ', '  ', '\t', '\r', ' \t', '\u00a0'][Math.floor(rand() * (rand() < 0.95 ? 5 : 6))];
  };
  const str = (s: string) => {
    let out = '"';
    for (const ch of s) {
      if (wild && rand() < 0.02) {
        for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`;
      } else if (wild && ch === '/' && rand() < 0.5) out += '\\/';
      else out += JSON.stringify(ch).slice(1, -1);
    }
    return `${out}"`;
  };
  switch (node.t) {
    case 'raw':
      return node.s;
    case 'str':
      return str(node.s);
    case 'arr':
      return `[${ws()}${node.items.map((x) => write(x, rand, wild)).join(`${ws()},${ws()}`)}${ws()}]`;
    default:
      return `{${ws()}${node.entries
        .map(([k, v]) => `${str(k)}${ws()}:${ws()}${write(v, rand, wild)}`)
        .join(`${ws()},${ws()}`)}${ws()}}`;
  }
}

/** One random raw line: a sample event, perhaps reordered, nulled, retyped, extended, broken. */
function randomLine(seed: number): string {
  const rand = prng(seed);
  const event = sampleRawEvent(Math.floor(rand() * 300), Math.floor(rand() * 3)) as Record<string, unknown>;
  if (rand() < 0.3) event.user_age = rand() < 0.5 ? 20 + Math.floor(rand() * 200) / 8 : null;
  let entries: [string, Node][] = Object.entries(event).map(([k, v]) => [k, toNode(v)]);
  const mutate = rand() < 0.6;
  if (mutate) {
    const rate = rand() * 0.1;
    entries = entries.flatMap(([k, v]): [string, Node][] => {
      const r = rand();
      if (r > rate) return [[k, v]];
      const what = rand();
      if (what < 0.5) return [[k, sameKindValue(k, rand)]];
      if (what < 0.58) return [];
      if (what < 0.3) return [[k, { t: 'raw', s: 'null' }]];
      if (what < 0.4)
        return [
          [k, v],
          [k, randomValue(rand)],
        ];
      if (what < 0.5)
        return [
          [k, v],
          [rand() < 0.5 ? 'surprise' : `${k}_x`, randomValue(rand)],
        ];
      if (what < 0.6) return [[k, { t: 'str', s: timestampText(rand) }]];
      return [[k, randomValue(rand)]];
    });
  }
  if (rand() < 0.25) {
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
  }
  let line = write({ t: 'obj', entries }, rand, rand() < 0.4);
  const r = rand();
  if (r < 0.04) line = line.slice(0, Math.floor(rand() * line.length));
  else if (r < 0.07) line += ['x', ',', '}', ' ', '{}', '\t'][Math.floor(rand() * 6)];
  else if (r < 0.09) line = ['[]', '1', '"x"', 'null', '{}', ' {}', '[{}]'][Math.floor(rand() * 7)];
  else if (r < 0.1) line = ` ${line}`;
  return line;
}

/** What the reader does with a line, on a given builder (the reference: JSON.parse + validation). */
function generalAppend(builder: { appendRow(v: unknown): RowIssue | null }, text: string): RowIssue | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: 'invalid_json', column: null, expected: (error as Error).message, got: text };
  }
  return builder.appendRow(value);
}

/** Column values as plain arrays; floats keep -0 and NaN distinct from 0 and each other (Object.is). */
function plain(table: RawTable): Record<string, unknown> {
  const out: Record<string, unknown> = { length: table.length };
  for (const name of RAW_COLUMN_NAMES) {
    const c = table.columns[name] as unknown;
    if (c instanceof Float64Array) out[name] = Array.from(c, (x) => (Object.is(x, -0) ? '-0' : x));
    else if (ArrayBuffer.isView(c)) out[name] = Array.from(c as Int32Array);
    else if ('dictionary' in (c as object)) {
      const d = c as { codes: Int32Array; dictionary: string[] };
      out[name] = { codes: Array.from(d.codes), dictionary: [...d.dictionary] };
    } else {
      const l = c as { offsets: Int32Array; values: Int32Array };
      out[name] = { offsets: Array.from(l.offsets), values: Array.from(l.values) };
    }
  }
  return out;
}

interface Outcome {
  table: Record<string, unknown>;
  issues: (RowIssue | null)[];
  shapes: string[];
}

/**
 * A fixed plausible window (the default one as of 2026-01-01): the random timestamps span 1898-2041, so with
 * the clock-dependent default which of them are out of range would change from day to day.
 */
const RULES = { impressionWindow: defaultImpressionWindow(Date.UTC(2026, 0, 1)) };

function runReference(lines: string[]): Outcome {
  const builder = new RawTableBuilder(4, RULES);
  const issues = lines.map((l) => generalAppend(builder, l));
  return { table: plain(builder.takeBatch(true)), issues, shapes: [] };
}

function runFast(lines: string[], fastPath: boolean): Outcome & { fast: number } {
  const builder = new FastRawTableBuilder(4, RULES);
  const shapes: string[] = [];
  const issues = lines.map((l) => {
    const bytes = Buffer.from(`#${l}#`, 'utf8');
    // The line sits inside a larger buffer, as in the reader.
    if (fastPath && builder.appendLine(bytes, 1, bytes.length - 1)) {
      shapes.push(JSON.stringify(builder.shape));
      return null;
    }
    const issue = generalAppend(builder, l);
    if (!issue) shapes.push(JSON.stringify(builder.shape));
    return issue;
  });
  return { table: plain(builder.takeBatch(true)), issues, shapes, fast: builder.fastRows };
}

describe('FastRawTableBuilder', () => {
  test('the fast path takes the common lines (sample events, compact or spaced, any key order)', () => {
    const lines = [0, 1, 2, 3, 4, 5].map((i) => JSON.stringify(sampleRawEvent(i)));
    lines.push(JSON.stringify(sampleRawEvent(6), null, 1).replace(/\n/g, ''));
    const reversed = Object.fromEntries(Object.entries(sampleRawEvent(7)).reverse());
    lines.push(JSON.stringify(reversed));
    lines.push(JSON.stringify({ ...sampleRawEvent(8), user_age: 33.5, user_is_trying_since_days: null }));
    const fast = runFast(lines, true);
    expect(fast.fast).toBe(lines.length);
    const { fast: _, ...general } = runFast(lines, false);
    expect(fast).toMatchObject(general);
    expect(fast.table).toEqual(runReference(lines).table);
  });

  test('fast path and JSON.parse path give identical tables, issues and shapes (property)', () => {
    let fastTotal = 0;
    let lineTotal = 0;
    let issueTotal = 0;
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 40 }), (seeds) => {
        const lines = seeds.map(randomLine);
        const fast = runFast(lines, true);
        const general = runFast(lines, false);
        const reference = runReference(lines);
        expect(fast.issues).toEqual(reference.issues);
        expect(fast.table).toEqual(reference.table);
        expect(general.table).toEqual(reference.table);
        expect(fast.shapes).toEqual(general.shapes);
        fastTotal += fast.fast;
        lineTotal += lines.length;
        issueTotal += fast.issues.filter((x) => x !== null).length;
      }),
      { numRuns: 400, seed: 20230201 },
    );
    // Not vacuous: both paths and both outcomes were exercised a lot.
    expect(fastTotal).toBeGreaterThan(lineTotal * 0.2);
    expect(issueTotal).toBeGreaterThan(lineTotal * 0.2);
    expect(lineTotal - fastTotal - issueTotal).toBeGreaterThan(lineTotal * 0.1);
  });

  test('parseTimestampBytes equals parseTimestampMicros (property)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const s = timestampText(prng(seed));
        const bytes = Buffer.from(`"${s}"`, 'latin1');
        expect(parseTimestampBytes(bytes, 1, bytes.length - 1)).toBe(parseTimestampMicros(s));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});

describe('the reader with the fast path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wemoms-fast-'));

  test('loadRawLog and readRawBatches equal the JSON.parse reference on random logs (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { minLength: 1, maxLength: 60 }), async (seeds) => {
        // The reader strips a final CR (CRLF files); the reference sees the same text.
        const lines = seeds.map((seed) => randomLine(seed).replace(/\r+$/, ''));
        // Valid lines only for the table comparison: the reader drops the rejects, the reference
        // builder too, so the kept rows must match; blank lines are skipped by both.
        const reference = runReference(lines);
        const path = join(dir, `log-${run++}.json.gz`);
        writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
        const rejectsPath = `${path}.rejects`;
        const isBlank = (l: string) => l.trim().length === 0;
        const rejected = reference.issues.filter((x, i) => x !== null && !isBlank(lines[i])).length;
        const { table, report } = await loadRawLog(path, { mode: 'lenient', rejectsPath, ...RULES }).catch(
          (error: Error) => {
            // Only a log without any non-blank line is an error in lenient mode.
            expect(lines.every(isBlank)).toBe(true);
            expect(error.message).toMatch(/holds no rows/);
            return { table: null, report: null };
          },
        );
        if (!table || !report) return;
        expect(plain(table)).toEqual(reference.table);
        expect(report.rejected).toBe(rejected);
        expect(report.rows).toBe(table.length);
        const reasons: Record<string, number> = {};
        reference.issues.forEach((x, i) => {
          if (x && !isBlank(lines[i])) reasons[x.reason] = (reasons[x.reason] ?? 0) + 1;
        });
        expect(report.rejectsByReason).toEqual(reasons);
        const rejects = readFileSync(rejectsPath, 'utf8').split('\n').filter(Boolean);
        expect(rejects.map((r) => JSON.parse(r).text)).toEqual(
          lines.filter((l, i) => reference.issues[i] !== null && !isBlank(l)),
        );
        const batches: unknown[] = [];
        for await (const b of readRawBatches(path, { mode: 'lenient', batchSize: 7, ...RULES }))
          batches.push(b);
        expect(batches.length).toBe(Math.ceil(table.length / 7));
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
