import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeParquet } from '@wemoms/data-schema/node';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleColumns, ColumnLayoutPlanner, type ExportColumn, type PageColumn } from './column-layout.js';
import { readParquetColumns } from './lib/parquet-columns.js';

const n = 5;
/** User u's columns: a profile value, post fields shared by all, per-user ages and a user x post match. */
function userColumns(u: number): Record<string, ExportColumn> {
  return {
    user_week: Float32Array.from({ length: n }, () => 10 + u / 3),
    user_country: { codes: new Int32Array(n).fill(u % 2 === 0 ? 0 : -1), dictionary: ['FR'] },
    post_has_video: Float32Array.from({ length: n }, (_, i) => i % 2),
    author_department: { codes: Int32Array.from({ length: n }, (_, i) => i % 2), dictionary: ['75', '13'] },
    post_age_hours: Float32Array.from({ length: n }, (_, i) => i + u * 0.1),
    // NaN, -0 and 0 differ bit for bit only in sign: they must travel exactly.
    user_post_views: Float32Array.from({ length: n }, (_, i) =>
      i === u % n ? -0 : i === 0 ? Number.NaN : 0,
    ),
    __author: Int32Array.from({ length: n }, (_, i) => i),
    __author_days: Float64Array.from({ length: n }, (_, i) => i / 7 + u),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'demo-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A parquet round trip, as the export writes and the page reads. */
async function roundTrip(
  name: string,
  columns: Record<string, ExportColumn>,
): Promise<Record<string, PageColumn>> {
  const path = join(dir, `${name}.parquet`);
  writeParquet(
    path,
    Object.entries(columns).map(([column, data]) =>
      'codes' in data
        ? {
            name: column,
            type: 'string' as const,
            data: { codes: data.codes, dictionary: [...data.dictionary] },
          }
        : data instanceof Float32Array
          ? { name: column, type: 'float' as const, data }
          : data instanceof Float64Array
            ? { name: column, type: 'double' as const, data }
            : { name: column, type: 'int32' as const, nullable: false, data },
    ),
  );
  const bytes = readFileSync(path);
  return (await readParquetColumns(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)))
    .columns;
}

function decoded(c: ExportColumn | PageColumn): unknown[] {
  if ('codes' in c) return Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]));
  if (Array.isArray(c)) return c;
  return Array.from(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)); // bit patterns
}

describe('the export column layout', () => {
  const users = [0, 1, 2, 3].map(userColumns);
  const planner = new ColumnLayoutPlanner(Object.keys(users[0]));
  for (const u of users) planner.observe(u);
  const layout = planner.layout(users.length);

  it('puts each column where it varies: per user constants, shared post columns, the rest per user', () => {
    expect(layout).toEqual({
      constant: ['user_week', 'user_country'],
      shared: ['post_has_video', 'author_department', '__author'],
      perUser: ['post_age_hours', 'user_post_views', '__author_days'],
    });
    // One user is no evidence that anything is shared.
    const one = new ColumnLayoutPlanner(['post_has_video']);
    one.observe(users[0]);
    expect(one.layout(1).shared).toEqual([]);
  });

  it('rebuilds every user bit for bit from her file, the shared columns and her constants row', async () => {
    const shared = await roundTrip(
      'posts',
      Object.fromEntries(layout.shared.map((c) => [c, planner.reference()[c]])),
    );
    const constants = await roundTrip(
      'user-features',
      Object.fromEntries(
        layout.constant.map((c) => {
          const first = users[0][c];
          if ('codes' in first)
            return [
              c,
              {
                codes: Int32Array.from(users, (u) => (u[c] as typeof first).codes[0]),
                dictionary: first.dictionary,
              },
            ];
          return [c, Float32Array.from(users, (u) => (u[c] as Float32Array)[0])];
        }),
      ),
    );
    for (const [row, columns] of users.entries()) {
      const own = await roundTrip(
        `user-${row}`,
        Object.fromEntries(layout.perUser.map((c) => [c, columns[c]])),
      );
      const rebuilt = assembleColumns(layout, n, own, shared, constants, row);
      expect(Object.keys(rebuilt).sort()).toEqual(Object.keys(columns).sort());
      for (const name of Object.keys(columns))
        expect(decoded(rebuilt[name]), `${row}.${name}`).toEqual(decoded(columns[name]));
    }
  });

  it('names a missing column and a column of the wrong length', () => {
    expect(() => assembleColumns(layout, n, {}, {}, {}, 0)).toThrow(
      /candidate file: missing column post_age_hours/,
    );
    const own = {
      post_age_hours: new Float32Array(n),
      user_post_views: new Float32Array(n),
      __author_days: new Float64Array(n),
    };
    const shared = {
      post_has_video: new Float32Array(n),
      author_department: [] as (string | null)[],
      __author: new Int32Array(n),
    };
    const constants = { user_week: new Float32Array(1), user_country: ['FR'] };
    expect(() => assembleColumns(layout, n, own, shared, constants, 0)).toThrow(
      /column author_department: 0 rows, expected 5/,
    );
  });
});
