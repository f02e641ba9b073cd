/**
 * Planning an A/B test of CTR randomised by user: the sample size of the two-proportion test (independent
 * impressions), inflated by the design effect of several correlated impressions per user, converted to
 * users and, with a log's traffic, to the number of days the test must run.
 *
 * With k arms, each of the k - 1 treatments is compared with the control at alpha / (k - 1) (Bonferroni).
 * With traffic, the design effect is the one measured on the log for a test of the same duration (it
 * grows with the duration: the same users come back); beyond the log's length the traffic and the design
 * effect are extrapolated linearly and the plan says so.
 */
import { type Alternative, bonferroniAlpha } from './alternative.js';
import { checkPositive, checkProbability, checkWeights } from './checks.js';
import { minimumDetectableEffect, twoProportionPower, twoProportionSampleSize } from './sample-size.js';
import type { TrafficProfile, TrafficWindow } from './traffic.js';

/** The effect to detect: relative (0.05 = +5 % CTR) or absolute (0.005 = +0.5 percentage point). */
export type MinimumEffect = { readonly relative: number } | { readonly absolute: number };

export interface PlanOptions {
  /** Control CTR. */
  readonly baseline: number;
  readonly mde: MinimumEffect;
  readonly alpha: number;
  readonly power: number;
  readonly alternative: Alternative;
  /** Arm names, control first. */
  readonly arms: readonly string[];
  /** Planned shares of users per arm (default equal). */
  readonly weights?: readonly number[];
  /** The log's traffic, to convert impressions to users and days with the measured design effect. */
  readonly traffic?: TrafficProfile | null;
  /** Share of the traffic enrolled in the test (default 1: every user). */
  readonly trafficShare?: number;
  /** Without traffic: the design effect 1 + (m - 1) ICC from an assumed ICC and impressions per user. */
  readonly assumed?: { readonly icc: number; readonly impressionsPerUser: number } | null;
  /** Longest duration considered, days (default 365). */
  readonly maxDays?: number;
}

/** What a test of some duration gets from the traffic (for the enrolled share). */
export interface PlannedDuration {
  days: number;
  /** True when the duration is longer than the log and the figures are extrapolated. */
  extrapolated: boolean;
  users: number;
  impressions: number;
  impressionsPerUser: number;
  icc: number;
  designEffectFromIcc: number;
  /** Measured design effect (user-level / binomial variance) used for the plan. */
  designEffect: number;
  /** Power at the planned effect (the weakest treatment comparison). */
  power: number;
  /** Smallest relative lift detectable with the planned power. */
  detectableLift: number;
  usersPerArm: number[];
  impressionsPerArm: number[];
}

export interface ExperimentPlan {
  baseline: number;
  /** baseline + the absolute effect. */
  target: number;
  mdeAbsolute: number;
  mdeRelative: number;
  alpha: number;
  comparisonAlpha: number;
  correction: 'none' | 'bonferroni';
  comparisons: number;
  power: number;
  alternative: Alternative;
  arms: { name: string; share: number }[];
  trafficShare: number;
  /** Impressions per arm if every impression were independent (the two-proportion test). */
  naiveImpressionsPerArm: number[];
  naiveImpressions: number;
  /** With an assumed design effect (no traffic). */
  assumed: {
    icc: number;
    impressionsPerUser: number;
    designEffect: number;
    impressionsPerArm: number[];
    usersPerArm: number[];
  } | null;
  /** With traffic: the shortest duration reaching the power (null when unreachable within maxDays). */
  duration: PlannedDuration | null;
  /** With traffic: the power and detectable lift of shorter and longer tests (durations within the log). */
  byDuration: PlannedDuration[];
  maxDays: number;
}

const DURATIONS = [1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 28, 35, 42, 56];

/** Plans a test; see the module comment. */
export function planExperiment(options: PlanOptions): ExperimentPlan {
  const { baseline, alpha, power, alternative } = options;
  checkProbability('baseline', baseline);
  checkProbability('alpha', alpha);
  checkProbability('power', power);
  const arms = [...options.arms];
  if (arms.length < 2)
    throw new RangeError(`need at least 2 arms (a control and a treatment), got ${arms.length}`);
  const shares = checkWeights(options.weights ?? arms.map(() => 1), arms.length);
  const trafficShare = options.trafficShare ?? 1;
  if (!(trafficShare > 0 && trafficShare <= 1))
    throw new RangeError(`trafficShare: expected a number in (0, 1], got ${trafficShare}`);
  const mdeAbsolute = 'relative' in options.mde ? baseline * options.mde.relative : options.mde.absolute;
  checkPositive('minimum detectable effect', Math.abs(mdeAbsolute));
  const target = baseline + mdeAbsolute;
  if (!(target > 0 && target < 1))
    throw new RangeError(`baseline ${baseline} + effect ${mdeAbsolute} = ${target} is not a CTR in (0, 1)`);
  const comparisons = arms.length - 1;
  const comparisonAlpha = bonferroniAlpha(alpha, comparisons);
  const maxDays = options.maxDays ?? 365;

  // Effective (independent) impressions the whole test needs: the most demanding treatment comparison.
  const pair = (t: number) => ({
    p1: baseline,
    p2: target,
    alpha: comparisonAlpha,
    alternative,
    shares: [shares[0], shares[t]] as [number, number],
  });
  let naiveImpressions = 0;
  for (let t = 1; t < arms.length; t++) {
    const { total } = twoProportionSampleSize({ ...pair(t), power });
    naiveImpressions = Math.max(naiveImpressions, total / (shares[0] + shares[t]));
  }
  const naiveImpressionsPerArm = shares.map((s) => naiveImpressions * s);

  let assumed: ExperimentPlan['assumed'] = null;
  if (options.assumed) {
    const { icc, impressionsPerUser } = options.assumed;
    if (!(icc >= 0 && icc < 1)) throw new RangeError(`icc: expected a number in [0, 1), got ${icc}`);
    if (!(impressionsPerUser >= 1))
      throw new RangeError(`impressionsPerUser: expected a number >= 1, got ${impressionsPerUser}`);
    const designEffect = 1 + (impressionsPerUser - 1) * icc;
    const impressionsPerArm = naiveImpressionsPerArm.map((n) => n * designEffect);
    assumed = {
      icc,
      impressionsPerUser,
      designEffect,
      impressionsPerArm,
      usersPerArm: impressionsPerArm.map((n) => n / impressionsPerUser),
    };
  }

  let duration: PlannedDuration | null = null;
  const byDuration: PlannedDuration[] = [];
  const traffic = options.traffic;
  if (traffic) {
    const window = windowAt(traffic);
    const describe = (days: number): PlannedDuration => {
      const w = window(days);
      const users = w.users * trafficShare;
      const impressions = w.impressions * trafficShare;
      const effective = impressions / w.designEffect;
      let weakest = 1;
      let detectable = 0;
      for (let t = 1; t < arms.length; t++) {
        const n1 = effective * shares[0];
        weakest = Math.min(weakest, twoProportionPower({ ...pair(t), n1 }));
        const { p2: _, ...design } = pair(t);
        detectable = Math.max(detectable, minimumDetectableEffect({ ...design, n1, power }) / baseline);
      }
      return {
        days,
        extrapolated: days > traffic.windows.length,
        users,
        impressions,
        impressionsPerUser: w.impressionsPerUser,
        icc: w.icc,
        designEffectFromIcc: w.designEffectFromIcc,
        designEffect: w.designEffect,
        power: weakest,
        detectableLift: detectable,
        usersPerArm: shares.map((s) => users * s),
        impressionsPerArm: shares.map((s) => impressions * s),
      };
    };
    for (let days = 1; days <= maxDays; days++) {
      const w = window(days);
      if ((w.impressions * trafficShare) / w.designEffect >= naiveImpressions) {
        duration = describe(days);
        break;
      }
    }
    const listed = new Set(DURATIONS.filter((d) => d <= traffic.windows.length));
    if (duration && duration.days <= traffic.windows.length) listed.add(duration.days);
    for (const days of [...listed].sort((a, b) => a - b)) byDuration.push(describe(days));
  }

  return {
    baseline,
    target,
    mdeAbsolute,
    mdeRelative: mdeAbsolute / baseline,
    alpha,
    comparisonAlpha,
    correction: comparisons > 1 ? 'bonferroni' : 'none',
    comparisons,
    power,
    alternative,
    arms: arms.map((name, i) => ({ name, share: shares[i] })),
    trafficShare,
    naiveImpressionsPerArm,
    naiveImpressions,
    assumed,
    duration,
    byDuration,
    maxDays,
  };
}

/**
 * The traffic window of a test lasting `days`: measured when the log is that long; beyond, impressions
 * grow with the mean daily impressions, and users and the design effect follow the slope of the log's
 * second half of durations (both grow more slowly than linearly, so this errs long).
 */
function windowAt(traffic: TrafficProfile): (days: number) => TrafficWindow {
  const windows = traffic.windows;
  const last = windows[windows.length - 1];
  const half = windows[Math.max(0, Math.ceil(windows.length / 2) - 1)];
  const span = last.days - half.days;
  const slope = (a: number, b: number) => (span > 0 ? Math.max(0, (a - b) / span) : 0);
  const usersSlope = span > 0 ? slope(last.users, half.users) : last.users;
  const deSlope = slope(last.designEffect, half.designEffect);
  const iccDeSlope = slope(last.designEffectFromIcc, half.designEffectFromIcc);
  return (days) => {
    if (days <= windows.length) return windows[days - 1];
    const extra = days - last.days;
    const impressions = last.impressions + extra * traffic.impressionsPerDay;
    const users = last.users + extra * usersSlope;
    return {
      ...last,
      days,
      windows: 0,
      users,
      impressions,
      opens: impressions * last.ctr,
      impressionsPerUser: impressions / users,
      designEffect: last.designEffect + extra * deSlope,
      designEffectFromIcc: last.designEffectFromIcc + extra * iccDeSlope,
    };
  };
}
