import { RAW_COLUMN_NAMES, RAW_SCHEMA, type RawTable, RawTableBuilder } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import { appendRawTables } from './append-rows.js';
import { smallLog } from './testing/small-log.js';

function tableOf(rows: readonly unknown[]): RawTable {
  const builder = new RawTableBuilder(16);
  for (const row of rows) expect(builder.appendRow(row)).toBeNull();
  return builder.takeBatch(true);
}

/** Row r of every column, decoded (ids and categories as strings, lists as arrays). */
function rowValues(table: RawTable, r: number): unknown[] {
  const columns = table.columns as unknown as Record<string, never>;
  return RAW_COLUMN_NAMES.map((name) => {
    const kind = RAW_SCHEMA[name].kind;
    const column = columns[name] as never;
    if (kind === 'id' || kind === 'category') {
      const { codes, dictionary } = column as { codes: Int32Array; dictionary: string[] };
      return codes[r] < 0 ? null : dictionary[codes[r]];
    }
    if (kind === 'intList') {
      const { offsets, values } = column as { offsets: Int32Array; values: Int32Array };
      return Array.from(values.subarray(offsets[r], offsets[r + 1]));
    }
    return (column as Float64Array)[r];
  });
}

describe('appendRawTables', () => {
  it('equals one table of all the rows, and keeps the first table codes and dictionary prefix', async () => {
    const { lines } = await smallLog();
    const a = tableOf(lines.slice(0, 60));
    const b = tableOf(lines.slice(60, 100));
    const c = tableOf(lines.slice(100, 101));
    const all = tableOf(lines.slice(0, 101));
    const appended = appendRawTables([a, b, c]);
    expect(appended.length).toBe(101);
    for (let r = 0; r < 101; r++) expect(rowValues(appended, r), `row ${r}`).toEqual(rowValues(all, r));
    const users = appended.columns.user_id;
    expect(users.dictionary.slice(0, a.columns.user_id.dictionary.length)).toEqual(
      a.columns.user_id.dictionary,
    );
    expect(Array.from(users.codes.subarray(0, 60))).toEqual(Array.from(a.columns.user_id.codes));
    // Inputs untouched: the first table's dictionary did not grow.
    expect(a.columns.user_id.dictionary.length).toBeLessThan(users.dictionary.length);
    expect(new Set(users.dictionary).size).toBe(users.dictionary.length);
  });
});
