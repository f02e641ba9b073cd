import { formatDay, formatTimestampMicros, parseDay, parseTimestampMicros } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPostCatalog, NO_DAY, postsCreatedOn } from './post-catalog.js';
import { tableFromEvents } from './testing/table-from-events.js';

const at = (post: string, time: string, age: number, user = 'u') => ({
  trackable_id: post,
  user_id: user,
  tracker_created_at: time,
  post_age_in_minutes: age,
});

describe('buildPostCatalog', () => {
  it('takes creation time from the earliest observation, whatever the row order', () => {
    const table = tableFromEvents([
      // Later observation, listed first: would give 10:01:00.
      at('jitter', '2023-01-27 12:00:00.000000+00:00', 119),
      // Earliest observation: 10:30:30.5 - 30 min = 10:00:30.5 (the real log jitters by a minute).
      at('jitter', '2023-01-27 10:30:30.500000+00:00', 30),
    ]);
    const catalog = buildPostCatalog(table);
    expect(formatTimestampMicros(catalog.creationMicros[0])).toBe('2023-01-27 10:00:30.500000+00:00');
    expect(formatTimestampMicros(catalog.firstSeenMicros[0])).toBe('2023-01-27 10:30:30.500000+00:00');
    expect(formatDay(catalog.creationDay[0])).toBe('2023-01-27');
  });

  it('breaks a tie between observations at the earliest instant by the smaller creation time', () => {
    const rows = [at('p', '2023-01-27 10:00:00+00:00', 5, 'a'), at('p', '2023-01-27 10:00:00+00:00', 6, 'b')];
    for (const table of [tableFromEvents(rows), tableFromEvents([...rows].reverse())]) {
      expect(formatTimestampMicros(buildPostCatalog(table).creationMicros[0])).toBe(
        '2023-01-27 09:54:00.000000+00:00',
      );
    }
  });

  it('puts a post created at 23:59 on its UTC day, one created at midnight on the next', () => {
    const table = tableFromEvents([
      at('late', '2023-01-28 00:00:30+00:00', 1), // created 2023-01-27 23:59:30
      at('midnight', '2023-01-28 00:05:00+00:00', 5), // created 2023-01-28 00:00:00
      at('offset', '2023-01-28 00:30:00+01:00', 0), // 2023-01-27 23:30 UTC
    ]);
    const catalog = buildPostCatalog(table);
    expect([...catalog.creationDay].map(formatDay)).toEqual(['2023-01-27', '2023-01-28', '2023-01-27']);
  });

  it('lists the posts created on a day in ascending id order, not first-seen order', () => {
    const table = tableFromEvents([
      at('p-c', '2023-01-27 12:00:00+00:00', 0),
      at('p-a', '2023-01-27 13:00:00+00:00', 0),
      at('p-x', '2023-01-28 01:00:00+00:00', 0),
      at('p-b', '2023-01-29 12:00:00+00:00', 60 * 47), // created 2023-01-27 13:00, first seen two days later
    ]);
    const catalog = buildPostCatalog(table);
    const ids = (day: string) => [...postsCreatedOn(catalog, parseDay(day))].map((p) => catalog.postIds[p]);
    expect(ids('2023-01-27')).toEqual(['p-a', 'p-b', 'p-c']);
    expect(ids('2023-01-28')).toEqual(['p-x']);
    expect(ids('2023-01-26')).toEqual([]);
    expect(catalog.firstSeenMicros[3]).toBe(parseTimestampMicros('2023-01-29 12:00:00+00:00'));
  });

  it('marks a dictionary code no row uses as unobserved', () => {
    const table = tableFromEvents([at('p', '2023-01-27 12:00:00+00:00', 0)]);
    table.columns.trackable_id.dictionary.push('never-seen');
    const catalog = buildPostCatalog(table);
    expect(catalog.creationDay[1]).toBe(NO_DAY);
    expect(Number.isNaN(catalog.creationMicros[1])).toBe(true);
    expect(catalog.postsByCreation.length).toBe(1);
  });

  it('sorts the observed posts by (creation day, id) for any ages, short or absurdly long (property)', () => {
    const post = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'ab', 'ba', 'x1', 'x10', 'x2');
    const age = fc.oneof(fc.nat(60 * 24 * 5), fc.constant(60 * 24 * 365 * 300));
    fc.assert(
      fc.property(fc.array(fc.tuple(post, fc.nat(100_000), age), { minLength: 1, maxLength: 40 }), (rows) => {
        const table = tableFromEvents(
          rows.map(([p, minute, a]) =>
            at(
              p,
              formatTimestampMicros(parseTimestampMicros('2023-01-20 00:00:00+00:00') + minute * 60e6),
              a,
            ),
          ),
        );
        const catalog = buildPostCatalog(table);
        const expected = [...catalog.postIds.keys()]
          .filter((p) => catalog.creationDay[p] !== NO_DAY)
          .sort(
            (a, b) =>
              catalog.creationDay[a] - catalog.creationDay[b] ||
              (catalog.postIds[a] < catalog.postIds[b] ? -1 : 1),
          );
        expect([...catalog.postsByCreation]).toEqual(expected);
      }),
      { seed: 17, numRuns: 200 },
    );
  });
});
