import { formatTimestampMicros, parseDay } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import { buildServingGroups, buildTestGroups, groupKey } from './build-test-groups.js';
import { expandCandidates } from './expand-candidates.js';
import { buildPostCatalog } from './post-catalog.js';
import type { TestGroups } from './test-groups.js';
import { HAND_BUILT_LOG as LOG } from './testing/hand-built-log.js';
import { tableFromEvents } from './testing/table-from-events.js';

const DAY = parseDay('2023-01-28');
const table = tableFromEvents(LOG);
const catalog = buildPostCatalog(table);

/** Groups as readable rows: key and labelled posts. */
function readable(groups: TestGroups) {
  return Array.from({ length: groups.length }, (_, g) => {
    const posts: string[] = [];
    for (let i = groups.offsets[g]; i < groups.offsets[g + 1]; i++) {
      posts.push(`${catalog.postIds[groups.post[i]]}=${groups.label[i]}`);
    }
    return `${groups.groupId[g]} ${groupKey(groups, g, table.columns.user_id.dictionary)} ${posts.join(' ')}`;
  });
}

describe('buildTestGroups on a hand-built log', () => {
  it('event: one group per (user, instant) of an opened d-1 post, ordered by (time, user id)', () => {
    expect(readable(buildTestGroups(table, catalog, 'event', DAY))).toEqual([
      '0 event:2023-01-28:u-4:2023-01-28 00:00:00.000000+00:00 p-b=1',
      '1 event:2023-01-28:a-5:2023-01-28 08:00:00.000000+00:00 p-a=1',
      '2 event:2023-01-28:u-1:2023-01-28 08:00:00.000000+00:00 p-a=1 p-b=1',
      '3 event:2023-01-28:u-2:2023-01-28 11:00:00.000000+00:00 p-b=1',
    ]);
  });

  it('userDay: one group per user with an open of a d-1 post, at her first impression of d', () => {
    expect(readable(buildTestGroups(table, catalog, 'userDay', DAY, { firstGroupId: 10 }))).toEqual([
      '10 userDay:2023-01-28:u-4:2023-01-28 00:00:00.000000+00:00 p-b=1',
      '11 userDay:2023-01-28:u-2:2023-01-28 06:00:00.000000+00:00 p-b=1',
      '12 userDay:2023-01-28:u-1:2023-01-28 07:00:00.000000+00:00 p-a=1 p-b=1',
      '13 userDay:2023-01-28:a-5:2023-01-28 08:00:00.000000+00:00 p-a=1',
    ]);
  });

  it('impressions: shown d-1 posts labelled by any open that day; needs one open and one non-open', () => {
    expect(readable(buildTestGroups(table, catalog, 'impressions', DAY))).toEqual([
      '0 impressions:2023-01-28:u-2:2023-01-28 06:00:00.000000+00:00 p-a=0 p-b=1',
      '1 impressions:2023-01-28:u-1:2023-01-28 07:00:00.000000+00:00 0-z=0 p-a=1 p-b=1',
    ]);
  });

  it('serving: every user active on d, including those who opened nothing', () => {
    expect(readable(buildServingGroups(table, catalog, DAY))).toEqual([
      '0 serving:2023-01-28:u-4:2023-01-28 00:00:00.000000+00:00 p-b=1',
      '1 serving:2023-01-28:u-3:2023-01-28 05:00:00.000000+00:00 ',
      '2 serving:2023-01-28:u-2:2023-01-28 06:00:00.000000+00:00 p-b=1',
      '3 serving:2023-01-28:u-1:2023-01-28 07:00:00.000000+00:00 p-a=1 p-b=1',
      '4 serving:2023-01-28:a-5:2023-01-28 08:00:00.000000+00:00 p-a=1',
    ]);
  });

  it('a day with no activity has no groups', () => {
    for (const grouping of ['event', 'userDay', 'impressions'] as const) {
      expect(buildTestGroups(table, catalog, grouping, parseDay('2023-02-10')).length).toBe(0);
    }
  });

  it('refuses a catalog built from another log', () => {
    expect(() => buildTestGroups(tableFromEvents(LOG), catalog, 'event', DAY)).toThrow('another log');
  });
});

describe('expandCandidates', () => {
  const candidateRows = (groups: TestGroups, maxRows?: number) =>
    [...expandCandidates(groups, catalog, { maxRows })].map((chunk) => ({
      offsets: [...chunk.offsets],
      rows: Array.from(
        { length: chunk.length },
        (_, i) =>
          `${chunk.groupId[i]} ${table.columns.user_id.dictionary[chunk.user[i]]} ` +
          `${formatTimestampMicros(chunk.time[i]).slice(11, 16)} ${catalog.postIds[chunk.post[i]]}=${chunk.label[i]}`,
      ),
    }));

  it('gives every group all d-1 posts in id order (p-e too, though first seen after the candidate time)', () => {
    const userDay = buildTestGroups(table, catalog, 'userDay', DAY);
    const chunks = candidateRows(userDay, 8);
    expect(chunks.map((c) => c.offsets)).toEqual([
      [0, 4, 8],
      [0, 4, 8],
    ]);
    expect(chunks.flatMap((c) => c.rows)).toEqual([
      '0 u-4 00:00 0-z=0',
      '0 u-4 00:00 p-a=0',
      '0 u-4 00:00 p-b=1',
      '0 u-4 00:00 p-e=0',
      '1 u-2 06:00 0-z=0',
      '1 u-2 06:00 p-a=0',
      '1 u-2 06:00 p-b=1',
      '1 u-2 06:00 p-e=0',
      '2 u-1 07:00 0-z=0',
      '2 u-1 07:00 p-a=1',
      '2 u-1 07:00 p-b=1',
      '2 u-1 07:00 p-e=0',
      '3 a-5 08:00 0-z=0',
      '3 a-5 08:00 p-a=1',
      '3 a-5 08:00 p-b=0',
      '3 a-5 08:00 p-e=0',
    ]);
  });

  it('never splits a group: one larger than maxRows comes alone', () => {
    const event = buildTestGroups(table, catalog, 'event', DAY);
    const chunks = candidateRows(event, 3);
    expect(chunks.map((c) => c.rows.length)).toEqual([4, 4, 4, 4]);
    expect(candidateRows(event).map((c) => c.rows.length)).toEqual([16]);
  });

  it('impressions candidates are the shown posts only', () => {
    const groups = buildTestGroups(table, catalog, 'impressions', DAY);
    expect(candidateRows(groups, 2).map((c) => c.rows)).toEqual([
      ['0 u-2 06:00 p-a=0', '0 u-2 06:00 p-b=1'],
      ['1 u-1 07:00 0-z=0', '1 u-1 07:00 p-a=1', '1 u-1 07:00 p-b=1'],
    ]);
  });

  it('rejects a labelled post that was not created on d-1, and a bad maxRows', () => {
    const groups = buildTestGroups(table, catalog, 'event', DAY);
    const wrong = { ...groups, post: groups.post.map(() => catalog.postIds.indexOf('p-c')) };
    expect(() => [...expandCandidates(wrong, catalog)]).toThrow(
      'event group 0 on 2023-01-28: labelled post p-c was not created on the previous day',
    );
    expect(() => [...expandCandidates(groups, catalog, { maxRows: 0 })]).toThrow('maxRows');
  });
});
