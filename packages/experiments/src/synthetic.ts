/**
 * Seeded synthetic experiments with a known effect, to check the tests' calibration: A/A runs (no effect)
 * measure the false-positive rate under daily peeking, runs with an effect measure the power. Users differ
 * in how often they come (activity), how many posts they see per visit and how much they open (a logit-
 * normal propensity), so impressions are clustered by user as in a real feed. One row per (user, day) cell.
 */
import { seededRandom } from '@wemoms/data-schema';
import { checkProbability, checkWeights } from './checks.js';
import type { ExperimentTable } from './table.js';

export interface SyntheticExperimentOptions {
  users: number;
  days: number;
  /** Planned shares per arm (default [1, 1]: an even A/B split). */
  weights?: readonly number[];
  /** Median open probability of an impression in the control arm. */
  baseline: number;
  /** Relative lift of each arm's open probability (default 0 everywhere: an A/A test). */
  lifts?: readonly number[];
  /** Standard deviation of the users' logit propensity (default 1). */
  heterogeneity?: number;
  /** Mean probability that a user visits on a given day (default 0.4; per user uniform in [0, 2x]). */
  activity?: number;
  /** Mean impressions per visit (default 5; 1 + Poisson). */
  impressionsPerVisit?: number;
  /** First UTC day number (default 19385, 2023-01-28). */
  firstDay?: number;
  seed: number;
}

/** Poisson draw by inversion (small means only). */
function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** A seeded synthetic experiment: cells with `impressions` and `opens`, arm codes indexing `weights`. */
export function syntheticExperiment(options: SyntheticExperimentOptions): ExperimentTable {
  const { users, days, baseline } = options;
  checkProbability('baseline', baseline);
  const shares = checkWeights(options.weights ?? [1, 1], options.weights?.length ?? 2);
  const lifts = options.lifts ?? shares.map(() => 0);
  if (lifts.length !== shares.length) throw new RangeError('lifts: expected one lift per arm');
  const sigma = options.heterogeneity ?? 1;
  const activity = options.activity ?? 0.4;
  const perVisit = options.impressionsPerVisit ?? 5;
  const firstDay = options.firstDay ?? 19_385;
  const random = seededRandom(options.seed);
  const logitBase = Math.log(baseline / (1 - baseline));

  const arm = new Int32Array(users);
  const propensity = new Float64Array(users);
  const visit = new Float64Array(users);
  for (let u = 0; u < users; u++) {
    let x = random();
    let a = 0;
    while (a < shares.length - 1 && x >= shares[a]) x -= shares[a++];
    arm[u] = a;
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const p = 1 / (1 + Math.exp(-(logitBase + sigma * z)));
    propensity[u] = Math.min(0.999, p * (1 + lifts[a]));
    visit[u] = Math.min(1, 2 * activity * random());
  }
  const cellUser: number[] = [];
  const cellDay: number[] = [];
  const cellImpressions: number[] = [];
  const cellOpens: number[] = [];
  for (let d = 0; d < days; d++) {
    for (let u = 0; u < users; u++) {
      if (random() >= visit[u]) continue;
      const n = 1 + poisson(perVisit - 1, random);
      let y = 0;
      for (let i = 0; i < n; i++) if (random() < propensity[u]) y++;
      cellUser.push(u);
      cellDay.push(firstDay + d);
      cellImpressions.push(n);
      cellOpens.push(y);
    }
  }
  const user = Int32Array.from(cellUser);
  return {
    length: user.length,
    user,
    arm: user.map((u) => arm[u]),
    day: Int32Array.from(cellDay),
    impressions: Int32Array.from(cellImpressions),
    opens: Int32Array.from(cellOpens),
    userCount: users,
  };
}
