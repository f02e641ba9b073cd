import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compactKeptRuns, deduplicate, firstOccurrenceRows, scanDuplicates } from './deduplicate.js';
import { RawTableBuilder } from './raw-table-builder.js';
import type { RawTable } from './schema.js';
import { compactRowsInPlace, takeRows } from './take-rows.js';
import { sampleRawEvent } from './testing/sample-events.js';
import { formatTimestampMicros, parseTimestampMicros } from './time.js';

function tableOf(events: object[]): RawTable {
  const builder = new RawTableBuilder(4);
  for (const e of events) expect(builder.appendRow(e)).toBeNull();
  return builder.takeBatch(true);
}

/** The obvious reference: a string key per row. */
function naiveKeep(table: RawTable): number[] {
  const seen = new Set<string>();
  const keep: number[] = [];
  const c = table.columns;
  for (let i = 0; i < table.length; i++) {
    const key = `${c.trackable_id.dictionary[c.trackable_id.codes[i]]}|${c.user_id.dictionary[c.user_id.codes[i]]}|${c.tracker_created_at[i]}`;
    if (!seen.has(key)) {
      seen.add(key);
      keep.push(i);
    }
  }
  return keep;
}

const T0 = parseTimestampMicros('2023-01-10 08:00:00.000001+00:00');

describe('deduplicate', () => {
  test('keeps the first occurrence of each (post, user, time), in order, and counts the rest', () => {
    const base = { ...sampleRawEvent(0), has_been_opened: false };
    const events = [
      base,
      { ...base, user_id: 'another-user' },
      { ...base, has_been_opened: false }, // duplicate of row 0
      { ...base, tracker_created_at: formatTimestampMicros(T0 + 1) },
      { ...base, trackable_id: 'another-post' },
      { ...base, user_id: 'another-user' }, // duplicate of row 1
    ];
    const { table, duplicates, labelConflicts } = deduplicate(tableOf(events));
    expect(duplicates).toBe(2);
    expect(labelConflicts).toEqual({ keys: 0, rowsRemoved: 0, examples: [] });
    expect(table.length).toBe(4);
    expect(Array.from(table.columns.has_been_opened)).toEqual([0, 0, 0, 0]);
    const users = table.columns.user_id;
    expect(Array.from(users.codes, (c) => users.dictionary[c])).toEqual([
      base.user_id,
      'another-user',
      base.user_id,
      base.user_id,
    ]);
  });

  test('rows of one key that disagree on the label are counted apart, and the open wins', () => {
    const base = { ...sampleRawEvent(0), has_been_opened: false };
    const time = (k: number) => formatTimestampMicros(T0 + k);
    const events = [
      { ...base, tracker_created_at: time(0), post_likes_count: 1 }, // impression logged...
      { ...base, tracker_created_at: time(1) }, // another key
      { ...base, tracker_created_at: time(0), has_been_opened: true, post_likes_count: 2 }, // ...then its open
      { ...base, tracker_created_at: time(2), has_been_opened: true }, // an open first...
      { ...base, tracker_created_at: time(2) }, // ...then a non-open: still opened
      { ...base, tracker_created_at: time(1) }, // an ordinary duplicate of row 1
      { ...base, tracker_created_at: time(0) }, // a third row of the first key
    ];
    const { table, duplicates, labelConflicts } = deduplicate(tableOf(events));
    expect(table.length).toBe(3);
    expect(duplicates).toBe(1);
    expect(labelConflicts.keys).toBe(2);
    expect(labelConflicts.rowsRemoved).toBe(3);
    expect(labelConflicts.examples).toEqual([
      {
        trackable_id: base.trackable_id,
        user_id: base.user_id,
        tracker_created_at: time(0),
        labels: [false, true, false],
      },
      {
        trackable_id: base.trackable_id,
        user_id: base.user_id,
        tracker_created_at: time(2),
        labels: [true, false],
      },
    ]);
    // Each key keeps its first row (its counters), opened when any of its rows was.
    expect(Array.from(table.columns.has_been_opened)).toEqual([1, 0, 1]);
    expect(Array.from(table.columns.post_likes_count)).toEqual([
      1,
      base.post_likes_count,
      base.post_likes_count,
    ]);
    // The scan itself: the first occurrences, and which of them become opened.
    const scan = scanDuplicates(tableOf(events));
    expect(Array.from(scan.keep)).toEqual([0, 1, 3]);
    expect(Array.from(scan.promote)).toEqual([0]);
  });

  test('label conflict examples stop at 10, the count does not', () => {
    const base = sampleRawEvent(0);
    const events = Array.from({ length: 12 }, (_, k) => [
      { ...base, tracker_created_at: formatTimestampMicros(T0 + k), has_been_opened: false },
      { ...base, tracker_created_at: formatTimestampMicros(T0 + k), has_been_opened: true },
    ]).flat();
    const { labelConflicts, duplicates } = deduplicate(tableOf(events));
    expect(labelConflicts.keys).toBe(12);
    expect(labelConflicts.rowsRemoved).toBe(12);
    expect(labelConflicts.examples).toHaveLength(10);
    expect(duplicates).toBe(0);
  });

  test('the same instant written with another offset is the same key', () => {
    const base = sampleRawEvent(0);
    const events = [
      { ...base, tracker_created_at: '2023-01-10 10:00:00+02:00' },
      { ...base, tracker_created_at: '2023-01-10 08:00:00.000000+00:00' },
    ];
    expect(deduplicate(tableOf(events)).duplicates).toBe(1);
  });

  test('no duplicates: the same table back', () => {
    const table = tableOf([sampleRawEvent(0), sampleRawEvent(1)]);
    expect(deduplicate(table)).toEqual({
      table,
      duplicates: 0,
      labelConflicts: { keys: 0, rowsRemoved: 0, examples: [] },
    });
    const empty = new RawTableBuilder(1).takeBatch(true);
    expect(deduplicate(empty).duplicates).toBe(0);
  });

  test('agrees with a string-key reference on random logs with many collisions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.nat(3), fc.boolean()), { maxLength: 200 }),
        (keys) => {
          const events = keys.map(([p, u, t, opened], i) => ({
            ...sampleRawEvent(i),
            trackable_id: `p${p}`,
            user_id: `u${u}`,
            tracker_created_at: formatTimestampMicros(T0 + t),
            has_been_opened: opened,
          }));
          const table = tableOf(events);
          const expected = naiveKeep(table);
          expect(Array.from(firstOccurrenceRows(table))).toEqual(expected);
          // Reference labels: any open of the key; conflicts: keys whose labels differ.
          const labelsOf = new Map<string, boolean[]>();
          for (const [p, u, t, opened] of keys) {
            const key = `${p}|${u}|${t}`;
            labelsOf.set(key, [...(labelsOf.get(key) ?? []), opened]);
          }
          const groups = [...labelsOf.values()];
          const conflicting = groups.filter((l) => l.includes(true) && l.includes(false));
          const { table: out, duplicates, labelConflicts } = deduplicate(table);
          expect(labelConflicts.keys).toBe(conflicting.length);
          expect(labelConflicts.rowsRemoved).toBe(conflicting.reduce((n, l) => n + l.length - 1, 0));
          expect(duplicates + labelConflicts.rowsRemoved).toBe(keys.length - expected.length);
          const reference = takeRows(table, Int32Array.from(expected));
          const opened = reference.columns.has_been_opened;
          expected.forEach((_, k) => {
            const [p, u, t] = keys[expected[k]];
            opened[k] = labelsOf.get(`${p}|${u}|${t}`)?.includes(true) ? 1 : 0;
          });
          expect(out).toEqual(reference);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe('takeRows and compactRowsInPlace', () => {
  const events = Array.from({ length: 12 }, (_, i) => sampleRawEvent(i * 3));

  test('takeRows gathers every column, lists included, sharing dictionaries', () => {
    const table = tableOf(events);
    const rows = Int32Array.from([5, 0, 5, 11]);
    const out = takeRows(table, rows);
    expect(out.length).toBe(4);
    expect(out.columns.user_id.dictionary).toBe(table.columns.user_id.dictionary);
    expect(Array.from(out.columns.tracker_created_at)).toEqual(
      Array.from(rows, (r) => table.columns.tracker_created_at[r]),
    );
    const lists = out.columns.user_children_age_month;
    const expected = Array.from(rows, (r) => events[r].user_children_age_month);
    expect(
      Array.from(rows, (_, i) => Array.from(lists.values.subarray(lists.offsets[i], lists.offsets[i + 1]))),
    ).toEqual(expected);
    expect(() => takeRows(table, Int32Array.from([12]))).toThrow(/outside the table/);
  });

  test('compactRowsInPlace equals takeRows for ascending rows (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(11), { maxLength: 12 }), (picked) => {
        const rows = Int32Array.from(picked.sort((a, b) => a - b));
        const expected = takeRows(tableOf(events), rows);
        const compacted = compactRowsInPlace(tableOf(events), rows);
        expect(compacted).toEqual(expected);
      }),
      { seed: 9, numRuns: 100 },
    );
    expect(() => compactRowsInPlace(tableOf(events), Int32Array.from([3, 2]))).toThrow(/strictly ascending/);
  });

  test('compactKeptRuns (run-wise, in place) equals takeRows for ascending rows (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(11), { maxLength: 12 }), (picked) => {
        const rows = Int32Array.from(picked.sort((a, b) => a - b));
        const expected = takeRows(tableOf(events), rows);
        const compacted = compactKeptRuns(tableOf(events), rows);
        expect(compacted).toEqual(expected);
      }),
      { seed: 11, numRuns: 200 },
    );
    expect(() => compactKeptRuns(tableOf(events), Int32Array.from([3, 2]))).toThrow(/strictly ascending/);
  });

  test('takeRows copies long runs (a de-duplication-like selection) exactly as a row-by-row gather', () => {
    const long = tableOf(Array.from({ length: 300 }, (_, i) => sampleRawEvent(i)));
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(299), { maxLength: 6 }), (dropped) => {
        const rows = Int32Array.from({ length: 300 }, (_, i) => i).filter((r) => !dropped.includes(r));
        // compactRowsInPlace moves row by row: the reference for the run-wise copy.
        const expected = compactRowsInPlace(
          takeRows(
            long,
            Int32Array.from({ length: 300 }, (_, i) => i),
          ),
          rows,
        );
        expect(takeRows(long, rows)).toEqual(expected);
      }),
      { seed: 13, numRuns: 50 },
    );
  });
});
