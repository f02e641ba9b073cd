import { seededRandom } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import { type TrafficLog, trafficProfile } from './traffic.js';

function log(rows: readonly (readonly [number, number, number])[]): TrafficLog {
  return {
    length: rows.length,
    user: Int32Array.from(rows, (r) => r[0]),
    day: Int32Array.from(rows, (r) => r[1]),
    opens: Uint8Array.from(rows, (r) => r[2]),
  };
}

/** `users` users over `days` days, `perDay` impressions each per day, open probability from `propensity`. */
function simulatedLog(
  users: number,
  days: number,
  perDay: number,
  propensity: (u: number) => number,
  seed: number,
) {
  const random = seededRandom(seed);
  const rows: [number, number, number][] = [];
  for (let d = 0; d < days; d++)
    for (let u = 0; u < users; u++)
      for (let k = 0; k < perDay; k++) rows.push([u, 100 + d, random() < propensity(u) ? 1 : 0]);
  return log(rows);
}

describe('trafficProfile', () => {
  it('measures the ICC with the ANOVA estimator (R: anova(lm(y ~ user)) -> 0.448744769874)', () => {
    const groups = [[1, 0, 1, 1], [0, 0, 0], [1, 1], [0, 1, 0, 0, 0], [0]];
    const rows = groups.flatMap((ys, u) => ys.map((y) => [u, 50, y] as const));
    const profile = trafficProfile(log(rows), 50, 50);
    expect(profile.windows[0].icc).toBeCloseTo(0.448744769874, 10);
    expect(profile.windows[0].users).toBe(5);
    expect(profile.windows[0].impressions).toBe(15);
  });

  it('counts users and impressions per day and per window of days', () => {
    // Day 10: users 0, 1; day 11: user 0; day 12: users 1, 2.
    const profile = trafficProfile(
      log([
        [0, 10, 1],
        [0, 10, 0],
        [1, 10, 0],
        [0, 11, 1],
        [1, 12, 0],
        [2, 12, 1],
      ]),
      10,
      12,
    );
    expect(profile.daily.map((d) => [d.date, d.users, d.impressions, d.opens])).toEqual([
      ['1970-01-11', 2, 3, 1],
      ['1970-01-12', 1, 1, 1],
      ['1970-01-13', 2, 2, 1],
    ]);
    expect(profile.usersPerDay).toBeCloseTo(5 / 3, 15);
    // Two-day windows: [10, 11] users {0, 1}, 4 impressions; [11, 12] users {0, 1, 2}, 3 impressions.
    expect(profile.windows[1].windows).toBe(2);
    expect(profile.windows[1].users).toBeCloseTo(2.5, 15);
    expect(profile.windows[1].impressions).toBeCloseTo(3.5, 15);
    expect(profile.windows[2].users).toBe(3);
    expect(profile.windows[2].impressionsPerUser).toBeCloseTo(2, 15);
  });

  it('finds no clustering when every impression is an independent draw', () => {
    const profile = trafficProfile(
      simulatedLog(3000, 3, 4, () => 0.15, 1),
      100,
      102,
    );
    const w = profile.windows[2];
    expect(Math.abs(w.icc)).toBeLessThan(0.01);
    expect(w.designEffect).toBeGreaterThan(0.9);
    expect(w.designEffect).toBeLessThan(1.1);
  });

  it('finds a design effect growing with the duration when users differ, close to 1 + (m - 1) ICC', () => {
    const profile = trafficProfile(
      simulatedLog(2000, 6, 3, (u) => (u % 4 === 0 ? 0.5 : 0.08), 2),
      100,
      105,
    );
    const [one, , , , , six] = profile.windows;
    expect(one.icc).toBeGreaterThan(0.05);
    expect(six.designEffect).toBeGreaterThan(one.designEffect * 2);
    // Equal cluster sizes: the textbook formula and the measured variance ratio agree.
    expect(six.designEffectFromIcc / six.designEffect).toBeGreaterThan(0.9);
    expect(six.designEffectFromIcc / six.designEffect).toBeLessThan(1.1);
  });

  it('rejects a range without traffic and a reversed range', () => {
    expect(() => trafficProfile(log([[0, 5, 1]]), 10, 12)).toThrow(
      /no impressions between 1970-01-11 and 1970-01-13/,
    );
    expect(() => trafficProfile(log([[0, 5, 1]]), 12, 10)).toThrow(/firstDay <= lastDay/);
  });
});
