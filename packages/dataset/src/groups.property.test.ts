import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildServingGroups, buildTestGroups } from './build-test-groups.js';
import { expandCandidates } from './expand-candidates.js';
import { buildPostCatalog } from './post-catalog.js';
import { GROUPINGS, type GroupKind, type TestGroups } from './test-groups.js';
import { type TestEvent, tableFromEvents } from './testing/table-from-events.js';

const BASE_DAY = 19380; // 2023-01-23
const iso = (us: number) => {
  const t = new Date(Math.floor(us / 1000)).toISOString();
  return `${t.slice(0, 19).replace('T', ' ')}.${String(us % 1_000_000).padStart(6, '0')}+00:00`;
};

interface Row {
  post: string;
  user: string;
  time: number;
  opened: boolean;
  created: number;
}

/**
 * Random small logs over 5 days. Impression times sit on a coarse grid (so that same-instant opens and
 * exact duplicates happen), post ages are whole minutes and jitter by up to a minute between observations.
 */
const logArbitrary = fc
  .record({
    posts: fc.array(fc.integer({ min: 0, max: 3 * 1440 - 1 }), { minLength: 1, maxLength: 8 }),
    rows: fc.array(
      fc.record({
        post: fc.nat(),
        user: fc.integer({ min: 0, max: 5 }),
        slot: fc.integer({ min: 0, max: 5 * 48 - 1 }),
        opened: fc.boolean(),
        jitter: fc.integer({ min: 0, max: 59 }),
      }),
      { maxLength: 50 },
    ),
  })
  .map(({ posts, rows }) =>
    rows.map((r): Row => {
      const created = BASE_DAY * MICROS_PER_DAY + posts[r.post % posts.length] * MICROS_PER_MINUTE;
      const time =
        Math.max(BASE_DAY * MICROS_PER_DAY + r.slot * 30 * MICROS_PER_MINUTE, created) + r.jitter * 1e6;
      return { post: `p${r.post % posts.length}`, user: `u${r.user}`, time, opened: r.opened, created };
    }),
  );

const toEvents = (rows: Row[]): TestEvent[] =>
  rows.map((r) => ({
    trackable_id: r.post,
    user_id: r.user,
    tracker_created_at: iso(r.time),
    has_been_opened: r.opened,
    post_age_in_minutes: Math.floor((r.time - r.created) / MICROS_PER_MINUTE),
  }));

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** A deliberately naive, object-based restatement of DESIGN section 6, to compare against. */
function reference(rows: Row[], kind: GroupKind, day: number): string[] {
  const creation = new Map<string, { seen: number; created: number }>();
  for (const r of rows) {
    const created = r.time - Math.floor((r.time - r.created) / MICROS_PER_MINUTE) * MICROS_PER_MINUTE;
    const c = creation.get(r.post);
    if (!c || r.time < c.seen || (r.time === c.seen && created < c.created)) {
      creation.set(r.post, { seen: r.time, created });
    }
  }
  const dayOf = (us: number) => Math.floor(us / MICROS_PER_DAY);
  const isCandidate = (post: string) => dayOf(creation.get(post)!.created) === day - 1;
  const onDay = rows.filter((r) => dayOf(r.time) === day);
  const first = new Map<string, number>();
  for (const r of onDay) first.set(r.user, Math.min(first.get(r.user) ?? Number.POSITIVE_INFINITY, r.time));
  const groups = new Map<string, { user: string; time: number; labels: Map<string, number> }>();
  if (kind === 'serving')
    for (const [user, time] of first) groups.set(user, { user, time, labels: new Map() });
  for (const r of onDay) {
    if (!isCandidate(r.post) || (kind !== 'impressions' && !r.opened)) continue;
    const time = kind === 'event' ? r.time : first.get(r.user)!;
    const key = `${r.user}|${time}`;
    const group = groups.get(kind === 'serving' ? r.user : key) ?? { user: r.user, time, labels: new Map() };
    groups.set(kind === 'serving' ? r.user : key, group);
    group.labels.set(r.post, Math.max(group.labels.get(r.post) ?? 0, r.opened ? 1 : 0));
  }
  return [...groups.values()]
    .filter((g) => {
      if (kind !== 'impressions') return true;
      const opens = [...g.labels.values()].filter((v) => v === 1).length;
      return opens >= 1 && opens < g.labels.size;
    })
    .sort((a, b) => a.time - b.time || cmp(a.user, b.user))
    .map(
      (g) =>
        `${g.user}@${g.time} ` +
        [...g.labels]
          .sort((a, b) => cmp(a[0], b[0]))
          .map(([p, l]) => `${p}=${l}`)
          .join(' '),
    );
}

const DAYS = [1, 2, 3, 4].map((d) => BASE_DAY + d);
const KINDS: GroupKind[] = [...GROUPINGS, 'serving'];

describe('test groups, properties over random logs', () => {
  it('match a naive restatement of the grouping rules exactly', () => {
    fc.assert(
      fc.property(logArbitrary, (rows) => {
        const table = tableFromEvents(toEvents(rows));
        const catalog = buildPostCatalog(table);
        for (const kind of KINDS) {
          for (const day of DAYS) {
            const groups =
              kind === 'serving'
                ? buildServingGroups(table, catalog, day)
                : buildTestGroups(table, catalog, kind, day);
            const got = Array.from({ length: groups.length }, (_, g) => {
              const labels: string[] = [];
              for (let i = groups.offsets[g]; i < groups.offsets[g + 1]; i++) {
                labels.push(`${catalog.postIds[groups.post[i]]}=${groups.label[i]}`);
              }
              return `${table.columns.user_id.dictionary[groups.user[g]]}@${groups.time[g]} ${labels.join(' ')}`;
            });
            expect(got).toEqual(reference(rows, kind, day));
          }
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('every positive is among its candidates, every candidate was created on d-1, chunks stay bounded', () => {
    fc.assert(
      fc.property(logArbitrary, fc.integer({ min: 1, max: 12 }), (rows, maxRows) => {
        const table = tableFromEvents(toEvents(rows));
        const catalog = buildPostCatalog(table);
        for (const kind of KINDS) {
          for (const day of DAYS) {
            const groups: TestGroups =
              kind === 'serving'
                ? buildServingGroups(table, catalog, day)
                : buildTestGroups(table, catalog, kind, day);
            let labelledPositives = 0;
            for (let i = 0; i < groups.post.length; i++) labelledPositives += groups.label[i];
            let candidatePositives = 0;
            let nextGroup = 0;
            for (const chunk of expandCandidates(groups, catalog, { maxRows })) {
              expect(chunk.length <= maxRows || chunk.groups === 1).toBe(true);
              expect(chunk.offsets[chunk.groups]).toBe(chunk.length);
              for (let g = 0; g < chunk.groups; g++) {
                for (let i = chunk.offsets[g]; i < chunk.offsets[g + 1]; i++) {
                  expect(chunk.groupId[i]).toBe(nextGroup);
                  expect(chunk.time[i]).toBe(groups.time[nextGroup]);
                  if (i > chunk.offsets[g]) {
                    expect(catalog.postRank[chunk.post[i]]).toBeGreaterThan(
                      catalog.postRank[chunk.post[i - 1]],
                    );
                  }
                }
                nextGroup++;
              }
              for (let i = 0; i < chunk.length; i++) {
                expect(catalog.creationDay[chunk.post[i]]).toBe(day - 1);
                candidatePositives += chunk.label[i];
              }
            }
            expect(nextGroup).toBe(groups.length);
            expect(candidatePositives).toBe(labelledPositives);
          }
        }
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});
