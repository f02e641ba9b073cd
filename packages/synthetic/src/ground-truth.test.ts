import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deduplicate, formatDay, MICROS_PER_MINUTE, type RawTable, utcDay } from '@wemoms/data-schema';
import { loadRawLog } from '@wemoms/data-schema/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticLog, type SyntheticLogStats } from './generate.js';
import { type GroundTruth, loadGroundTruth } from './ground-truth.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-truth-'));
let stats: SyntheticLogStats;
let truth: GroundTruth;
let table: RawTable;

beforeAll(async () => {
  stats = await generateSyntheticLog({
    rows: 6_000,
    seed: 3,
    days: 6,
    out: join(dir, 'log.json.gzip'),
    truth: join(dir, 'truth'),
  });
  truth = loadGroundTruth(join(dir, 'truth'));
  table = deduplicate((await loadRawLog(join(dir, 'log.json.gzip'), { mode: 'strict' })).table).table;
  // About a second alone; a loaded 2-core machine (the whole suite in parallel) can take ten times that.
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (r: number) => {
  const c = table.columns;
  const time = c.tracker_created_at[r];
  return {
    user: c.user_id.dictionary[c.user_id.codes[r]],
    post: c.trackable_id.dictionary[c.trackable_id.codes[r]],
    time,
    day: utcDay(time),
    opened: c.has_been_opened[r] === 1,
    creationDay: utcDay(time - c.post_age_in_minutes[r] * MICROS_PER_MINUTE),
  };
};

describe('loadGroundTruth', () => {
  it('recomputes the exact probability the generator used for every line', () => {
    for (let r = 0; r < table.length; r++) {
      const x = row(r);
      const saved = truth.shown(x.user, x.post, x.time);
      expect(saved).toBeDefined();
      expect(Math.fround(truth.openProbability(x.user, x.post, x.time))).toBe(saved);
    }
  });

  it('has one userDay group per active viewer and day, at her first impression', () => {
    const first = new Map<string, number>();
    for (let r = 0; r < table.length; r++) {
      const x = row(r);
      const key = `${formatDay(x.day)}|${x.user}`;
      if (!(first.get(key)! <= x.time)) first.set(key, x.time);
    }
    expect(stats.truthGroups!.userDay).toBe(first.size);
    for (const [key, time] of first) {
      const [day, user] = key.split('|');
      expect(truth.userDayTime(day, user)).toBe(time);
    }
  });

  it('covers every post created on d-1 that the log shows, and agrees with the shown rows', () => {
    let checked = 0;
    for (let r = 0; r < table.length; r++) {
      const x = row(r);
      const day = formatDay(x.day);
      if (x.creationDay !== x.day - 1) continue;
      const group = truth.userDay(day, x.user)!;
      const column = group.column.get(x.post);
      expect(column).toBeDefined();
      if (truth.userDayTime(day, x.user) === x.time) {
        expect(Math.fround(group.probabilities[column!])).toBe(truth.shown(x.user, x.post, x.time));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('has one event group per opened impression of a d-1 post, with the opened post at its shown p', () => {
    let events = 0;
    for (let r = 0; r < table.length; r++) {
      const x = row(r);
      if (!x.opened || x.creationDay !== x.day - 1) continue;
      const group = truth.event(formatDay(x.day), x.user, x.time);
      expect(group).not.toBeNull();
      const p = group!.probabilities[group!.column.get(x.post)!];
      expect(Math.fround(p)).toBe(truth.shown(x.user, x.post, x.time));
      events++;
    }
    expect(events).toBe(stats.truthGroups!.events);
    expect(truth.event(truth.days[1], 'no-such-user', 0)).toBeNull();
  });

  it('lists candidates in ascending id order, with probabilities in (0, 1)', () => {
    const day = truth.days[2];
    const entry = truth.index.days.find((d) => d.day === day)!;
    const user = truth.index.viewers[entry.userDay.users[0]];
    const g = truth.userDay(day, user)!;
    expect([...g.postIds]).toEqual([...g.postIds].sort());
    expect(g.postIds.length).toBe(entry.posts);
    for (const p of g.probabilities) expect(p > 0 && p < 1).toBe(true);
  });

  it('makes the truth matter: the oracle top 10 beats a random 10 by a wide margin', () => {
    let oracle = 0;
    let random = 0;
    let groups = 0;
    for (const entry of truth.index.days) {
      for (const ref of entry.userDay.users.slice(0, 40)) {
        const g = truth.userDay(entry.day, truth.index.viewers[ref])!;
        const sorted = [...g.probabilities].sort((a, b) => b - a);
        oracle += sorted.slice(0, 10).reduce((s, v) => s + v, 0) / 10;
        random += g.probabilities.reduce((s, v) => s + v, 0) / g.probabilities.length;
        groups++;
      }
    }
    expect(oracle / groups).toBeGreaterThan(2 * (random / groups));
  });

  it("the observable ceiling: its top 10's true probability is at most the oracle's, well above random", () => {
    let oracle = 0;
    let ceiling = 0;
    let random = 0;
    let groups = 0;
    let differs = 0;
    for (const entry of truth.index.days) {
      for (const ref of entry.userDay.users.slice(0, 40)) {
        const g = truth.userDay(entry.day, truth.index.viewers[ref])!;
        const n = g.probabilities.length;
        const order = (score: Float64Array) =>
          Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
        const top = (score: Float64Array) =>
          order(score)
            .slice(0, 10)
            .reduce((s, i) => s + g.probabilities[i], 0) / Math.min(10, n);
        const o = top(g.probabilities);
        const c = top(g.observable);
        // Per group, not only on average: the oracle puts the highest true probabilities on top.
        expect(c).toBeLessThanOrEqual(o + 1e-12);
        oracle += o;
        ceiling += c;
        random += g.probabilities.reduce((s, v) => s + v, 0) / n;
        for (let i = 0; i < n; i++) {
          expect(g.observable[i] > 0 && g.observable[i] < 1).toBe(true);
          if (g.observable[i] !== g.probabilities[i]) differs++;
        }
        groups++;
      }
    }
    expect(ceiling / groups).toBeLessThan(oracle / groups);
    expect(ceiling / groups).toBeGreaterThan(1.5 * (random / groups));
    expect(differs).toBeGreaterThan(0);
  });

  it('serves the observable probability of any candidate as the groups hold it', () => {
    const entry = truth.index.days[2];
    const user = truth.index.viewers[entry.userDay.users[0]];
    const g = truth.userDay(entry.day, user)!;
    const time = truth.userDayTime(entry.day, user)!;
    for (let i = 0; i < Math.min(50, g.postIds.length); i++) {
      expect(truth.observableOpenProbability(user, g.postIds[i], time)).toBe(g.observable[i]);
      expect(truth.openProbability(user, g.postIds[i], time)).toBe(g.probabilities[i]);
    }
    expect(truth.observableOpenProbability('no-such-user', g.postIds[0], time)).toBeNaN();
  });
});
