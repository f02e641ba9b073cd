import { parseDay } from '@wemoms/data-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLog } from './split.js';
import {
  DEFAULT_SPLIT,
  resolveSplitConfig,
  type SplitConfig,
  STUDY_TRAIN_FILTER_MAX_ROWS,
} from './split-config.js';
import { type TestEvent, tableFromEvents } from './testing/table-from-events.js';

const ev = (user: string, time: string, opened = false, post = 'p'): TestEvent => ({
  trackable_id: post,
  user_id: user,
  tracker_created_at: time,
  has_been_opened: opened,
});

const config: SplitConfig = {
  train: { first: '2023-01-03', last: '2023-01-25' },
  eval: { first: '2023-01-26', last: '2023-01-27' },
  test: { first: '2023-01-28', last: '2023-01-30' },
  trainFilterMaxRows: 4,
};

describe('splitLog', () => {
  it('assigns rows by UTC day, inclusive at both ends, whatever offset the timestamp was written in', () => {
    const table = tableFromEvents([
      ev('a', '2023-01-02 23:59:59.999999+00:00', true), // 0 outside: before train
      ev('a', '2023-01-03 00:00:00.000000+00:00', true), // 1 train first instant
      ev('a', '2023-01-25 23:59:59.999999+00:00', true), // 2 train last instant
      ev('a', '2023-01-26 00:30:00+01:00', true), // 3 = 2023-01-25 23:30 UTC: train
      ev('a', '2023-01-26 00:00:00+00:00', true), // 4 eval
      ev('a', '2023-01-27 23:59:59.999999+00:00', true), // 5 eval
      ev('a', '2023-01-27 23:00:00-01:00', true), // 6 = 2023-01-28 00:00 UTC: test
      ev('a', '2023-01-30 23:59:59.999999Z', true), // 7 test
      ev('a', '2023-01-31 00:00:00Z', true), // 8 outside: after test
    ]);
    const split = splitLog(table, config);
    expect([...split.train]).toEqual([1, 2, 3]);
    expect([...split.eval]).toEqual([4, 5]);
    expect([...split.test]).toEqual([6, 7]);
    expect(split.summary.outsideRanges).toBe(2);
    expect(split.summary.logFirstDay).toBe('2023-01-02');
    expect(split.summary.logLastDay).toBe('2023-01-31');
    expect(split.summary.warnings).toEqual([]);
    expect(split.summary.train).toMatchObject({ rows: 3, users: 1, posts: 1, positives: 3 });
  });

  it('drops train users with at most N rows all unopened, exactly at the edge N', () => {
    const rows = (user: string, count: number, opens: number) =>
      Array.from({ length: count }, (_, i) =>
        ev(user, `2023-01-1${i % 10} 12:00:0${i}+00:00`, i < opens, `p${i}`),
      );
    const table = tableFromEvents([
      ...rows('four-unopened', 4, 0), // 0..3 dropped: 4 <= N and no open
      ...rows('five-unopened', 5, 0), // 4..8 kept: 5 > N
      ...rows('four-one-open', 4, 1), // 9..12 kept: one open
      ...rows('one-unopened', 1, 0), // 13 dropped
      ev('four-unopened', '2023-01-26 08:00:00+00:00'), // 14 eval rows are never filtered
    ]);
    const split = splitLog(table, config);
    expect([...split.train]).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...split.eval]).toEqual([14]);
    expect(split.summary.trainFilter).toEqual({
      maxRows: 4,
      rule: 'unopened',
      rowsBefore: 14,
      usersBefore: 4,
      droppedUsers: 2,
      droppedRows: 5,
    });
    // The threshold is configurable: N = 5 also drops the five-row user, N = 0 drops nobody.
    expect(splitLog(table, { ...config, trainFilterMaxRows: 5 }).train.length).toBe(4);
    expect(splitLog(table, { ...config, trainFilterMaxRows: 0 }).train.length).toBe(14);
    // The label-free rule drops every user with at most N train rows, opened or not.
    const byRows = splitLog(table, { ...config, trainFilterRule: 'rows' });
    expect([...byRows.train]).toEqual([4, 5, 6, 7, 8]);
    expect(byRows.summary.trainFilter).toMatchObject({ rule: 'rows', droppedUsers: 3, droppedRows: 9 });
    expect(() => resolveSplitConfig({ ...config, trainFilterRule: 'labels' as never })).toThrow(
      /trainFilterRule: expected unopened or rows, got "labels"/,
    );
  });

  it('has no train filter by default (it selects on the label); the study keeps N = 4', () => {
    expect(DEFAULT_SPLIT.trainFilterMaxRows).toBe(0);
    expect(STUDY_TRAIN_FILTER_MAX_ROWS).toBe(4);
    const table = tableFromEvents([ev('light', '2023-01-10 10:00:00+00:00')]);
    expect(splitLog(table, DEFAULT_SPLIT).train.length).toBe(1);
  });

  it('warns when a range touches an incomplete first or last log day, or is empty', () => {
    const table = tableFromEvents([
      ev('a', '2023-01-02 10:00:00+00:00'),
      ev('a', '2023-01-10 10:00:00+00:00'),
      ev('a', '2023-02-01 10:00:00+00:00'),
    ]);
    // The study's filter, which removes her only (unopened) train row.
    const { summary } = splitLog(table, {
      ...DEFAULT_SPLIT,
      trainFilterMaxRows: STUDY_TRAIN_FILTER_MAX_ROWS,
    });
    expect(summary.warnings).toEqual([
      'the train filter removed every train row',
      'eval range has no rows',
      "test range includes the log's last day 2023-02-01, likely incomplete",
    ]);
    expect(summary.outsideRanges).toBe(1);
  });

  it('rejects malformed or overlapping configs with the offending field named', () => {
    expect(() =>
      resolveSplitConfig({ ...config, eval: { first: '2023-01-25', last: '2023-01-27' } }),
    ).toThrow('split config: train (2023-01-03..2023-01-25) overlaps eval (2023-01-25..2023-01-27)');
    expect(() => resolveSplitConfig({ ...config, test: { first: '2023-1-28', last: '2023-01-30' } })).toThrow(
      'split config: test: expected a day as YYYY-MM-DD, got "2023-1-28"',
    );
    expect(() =>
      resolveSplitConfig({ ...config, test: { first: '2023-01-30', last: '2023-01-28' } }),
    ).toThrow('split config: test: first day 2023-01-30 is after last day 2023-01-28');
    expect(() => resolveSplitConfig({ ...config, trainFilterMaxRows: -1 })).toThrow('trainFilterMaxRows');
  });

  it('property: splits are disjoint, ascending, and cover exactly their configured ranges minus the filter', () => {
    const base = parseDay('2023-01-01');
    const arbitrary = fc.record({
      events: fc.array(
        fc.record({
          user: fc.integer({ min: 0, max: 6 }),
          day: fc.integer({ min: 0, max: 12 }),
          micros: fc.integer({ min: 0, max: 86_400_000_000 - 1 }),
          opened: fc.boolean(),
        }),
        { maxLength: 60 },
      ),
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { minLength: 6, maxLength: 6 }),
      maxRows: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(arbitrary, ({ events, cuts, maxRows }) => {
        const c = [...cuts].sort((a, b) => a - b);
        const iso = (d: number) => new Date((base + d) * 86_400_000).toISOString().slice(0, 10);
        const ranges = [
          { first: iso(c[0]), last: iso(c[1]) },
          { first: iso(c[2]), last: iso(c[3]) },
          { first: iso(c[4]), last: iso(c[5]) },
        ];
        const [train, evalRange, test] = fc.sample(fc.shuffledSubarray(ranges, { minLength: 3 }), {
          seed: c[0],
          numRuns: 1,
        })[0];
        const table = tableFromEvents(
          events.map((e) => {
            const us = (base + e.day) * 86_400_000_000 + e.micros;
            const t = new Date(Math.floor(us / 1000)).toISOString().replace('T', ' ').slice(0, 19);
            const frac = String(us % 1_000_000).padStart(6, '0');
            return ev(`u${e.user}`, `${t}.${frac}+00:00`, e.opened);
          }),
        );
        const cfg = { train, eval: evalRange, test, trainFilterMaxRows: maxRows };
        const split = splitLog(table, cfg);
        const inRange = (r: number, range: { first: string; last: string }) => {
          const day = Math.floor(table.columns.tracker_created_at[r] / 86_400_000_000);
          return day >= parseDay(range.first) && day <= parseDay(range.last);
        };
        const seen = new Set<number>();
        for (const part of [split.train, split.eval, split.test]) {
          for (let i = 0; i < part.length; i++) {
            expect(seen.has(part[i])).toBe(false);
            seen.add(part[i]);
            if (i > 0) expect(part[i]).toBeGreaterThan(part[i - 1]);
          }
        }
        const users = table.columns.user_id.codes;
        for (let r = 0; r < table.length; r++) {
          expect(split.eval.includes(r)).toBe(inRange(r, evalRange));
          expect(split.test.includes(r)).toBe(inRange(r, test));
          let trainRows = 0;
          let trainOpens = 0;
          for (let s = 0; s < table.length; s++) {
            if (users[s] === users[r] && inRange(s, train)) {
              trainRows++;
              trainOpens += table.columns.has_been_opened[s];
            }
          }
          const filtered = trainRows <= maxRows && trainOpens === 0;
          expect(split.train.includes(r)).toBe(inRange(r, train) && !filtered);
        }
        expect(split.summary.outsideRanges).toBe(
          table.length - split.summary.trainFilter.rowsBefore - split.eval.length - split.test.length,
        );
      }),
      { seed: 42, numRuns: 150 },
    );
  });
});
