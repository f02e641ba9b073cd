import { parseDay, utcDay } from '@wemoms/data-schema';
import { describe, expect, test } from 'vitest';
import { rowsOnDay } from './day-rows.js';
import { tableFromEvents } from './testing/table-from-events.js';

describe('rowsOnDay', () => {
  test('the rows of each day, ascending, and none outside the log', () => {
    const times = [
      '2023-01-28 23:59:59.999999+00:00',
      '2023-01-27 10:00:00+00:00',
      '2023-01-28 00:00:00+00:00',
      '2023-01-30 12:00:00+00:00',
      '2023-01-27 00:00:00+00:00',
      '2023-01-28 08:00:00+00:00',
    ];
    const table = tableFromEvents(
      times.map((t, i) => ({ trackable_id: `p${i}`, user_id: 'u', tracker_created_at: t })),
    );
    for (let day = parseDay('2023-01-25'); day <= parseDay('2023-02-02'); day++) {
      const expected = times.flatMap((_, r) =>
        utcDay(table.columns.tracker_created_at[r]) === day ? [r] : [],
      );
      expect(Array.from(rowsOnDay(table, day))).toEqual(expected);
    }
    expect(Array.from(rowsOnDay(tableFromEvents([]), parseDay('2023-01-28')))).toEqual([]);
  });
});
