import { seededRandom } from '@wemoms/data-schema';
import { describe, expect, it } from 'vitest';
import { planExperiment } from './plan.js';
import { trafficProfile } from './traffic.js';

const base = {
  baseline: 0.1,
  alpha: 0.05,
  power: 0.8,
  alternative: 'two-sided',
  arms: ['control', 'treatment'],
} as const;

/** A 28-day log: 4,000 users, each visiting with her own frequency and open propensity; profile of `days`. */
function traffic(days = 28) {
  const random = seededRandom(11);
  const users = 4000;
  const visit = Array.from({ length: users }, () => random());
  const propensity = Array.from({ length: users }, () => (random() < 0.2 ? 0.3 : 0.05));
  const user: number[] = [];
  const day: number[] = [];
  const opens: number[] = [];
  for (let d = 0; d < 28; d++)
    for (let u = 0; u < users; u++) {
      if (random() >= visit[u] * 0.5) continue;
      for (let k = 0; k < 3; k++) {
        user.push(u);
        day.push(1000 + d);
        opens.push(random() < propensity[u] ? 1 : 0);
      }
    }
  return trafficProfile(
    {
      length: user.length,
      user: Int32Array.from(user),
      day: Int32Array.from(day),
      opens: Uint8Array.from(opens),
    },
    1000,
    1000 + days - 1,
  );
}

describe('planExperiment', () => {
  it('gives R power.prop.test impressions per arm for independent impressions', () => {
    const plan = planExperiment({ ...base, mde: { absolute: 0.01 } });
    expect(plan.naiveImpressionsPerArm[0]).toBeCloseTo(14750.790469, 4);
    expect(plan.target).toBeCloseTo(0.11, 15);
    expect(plan.mdeRelative).toBeCloseTo(0.1, 15);
    expect(planExperiment({ ...base, mde: { relative: 0.1 } }).naiveImpressions).toBeCloseTo(
      plan.naiveImpressions,
      6,
    );
    expect(plan.duration).toBeNull();
  });

  it('inflates by an assumed design effect and converts impressions to users', () => {
    const plan = planExperiment({
      ...base,
      mde: { absolute: 0.01 },
      assumed: { icc: 0.05, impressionsPerUser: 9 },
    });
    expect(plan.assumed?.designEffect).toBeCloseTo(1.4, 15);
    expect(plan.assumed?.impressionsPerArm[0]).toBeCloseTo(14750.790469 * 1.4, 3);
    expect(plan.assumed?.usersPerArm[0]).toBeCloseTo((14750.790469 * 1.4) / 9, 3);
  });

  it('corrects for several treatments (Bonferroni), which needs more traffic per arm', () => {
    const two = planExperiment({ ...base, mde: { relative: 0.1 } });
    const three = planExperiment({ ...base, mde: { relative: 0.1 }, arms: ['control', 'b', 'c'] });
    expect(three.comparisonAlpha).toBeCloseTo(0.025, 15);
    expect(three.correction).toBe('bonferroni');
    expect(three.naiveImpressionsPerArm[0]).toBeGreaterThan(two.naiveImpressionsPerArm[0] * 1.15);
    expect(three.naiveImpressionsPerArm).toHaveLength(3);
  });

  it('finds the shortest duration whose traffic, deflated by the measured design effect, reaches the power', () => {
    const profile = traffic();
    const plan = planExperiment({
      ...base,
      baseline: profile.ctr,
      mde: { relative: 0.15 },
      traffic: profile,
    });
    const d = plan.duration;
    expect(d).not.toBeNull();
    if (!d) return;
    expect(d.extrapolated).toBe(false);
    expect(d.power).toBeGreaterThanOrEqual(0.8);
    expect(d.designEffect).toBeGreaterThan(1);
    const before = profile.windows[d.days - 2];
    expect(before.impressions / before.designEffect).toBeLessThan(plan.naiveImpressions);
    // Users and impressions per arm follow the planned split.
    expect(d.usersPerArm[0]).toBeCloseTo(d.users / 2, 9);
    expect(d.impressionsPerArm[0] / d.usersPerArm[0]).toBeCloseTo(d.impressionsPerUser, 9);
    // Longer tests detect smaller lifts.
    const lifts = plan.byDuration.map((x) => x.detectableLift);
    for (let i = 1; i < lifts.length; i++) expect(lifts[i]).toBeLessThan(lifts[i - 1]);
    const at = plan.byDuration.find((x) => x.days === d.days);
    expect(at?.detectableLift).toBeLessThanOrEqual(0.15 + 1e-9);
  });

  it('extrapolates beyond the log, and says so', () => {
    const plan = planExperiment({ ...base, baseline: 0.1, mde: { relative: 0.15 }, traffic: traffic(5) });
    expect(plan.duration?.extrapolated).toBe(true);
    expect(plan.duration?.days).toBeGreaterThan(5);
    expect(plan.byDuration.every((d) => d.days <= 5)).toBe(true);
  });

  it("finds no duration when the users' own variation caps what more days buy", () => {
    // 4,000 users with an ICC near 0.11: however long the test, the effective sample stays under ~U / ICC.
    const profile = traffic();
    const never = planExperiment({
      ...base,
      baseline: profile.ctr,
      mde: { relative: 0.05 },
      traffic: profile,
    });
    expect(never.duration).toBeNull();
    expect(never.byDuration.at(-1)?.detectableLift).toBeGreaterThan(0.05);
  });

  it('rejects bad designs', () => {
    expect(() => planExperiment({ ...base, mde: { relative: 0.1 }, arms: ['solo'] })).toThrow(
      /at least 2 arms/,
    );
    expect(() => planExperiment({ ...base, mde: { relative: 0 } })).toThrow(/minimum detectable effect/);
    expect(() => planExperiment({ ...base, mde: { absolute: 0.95 } })).toThrow(/is not a CTR/);
    expect(() => planExperiment({ ...base, mde: { relative: 0.1 }, trafficShare: 2 })).toThrow(
      /trafficShare/,
    );
    expect(() =>
      planExperiment({ ...base, mde: { relative: 0.1 }, assumed: { icc: 1.5, impressionsPerUser: 3 } }),
    ).toThrow(/icc/);
  });
});
