/**
 * Bootstrap confidence intervals of ranking metrics, resampling groups (the unit a ranking metric averages
 * over: a user-day, an impression event), seeded. Rankers evaluated on the same groups are resampled
 * together, so the interval of a difference (model minus a baseline) is paired: it accounts for the groups
 * being shared, and is much narrower than the two intervals side by side suggest.
 */

import { seededRandom } from '@wemoms/data-schema';
import { type GroupMetrics, groupMetricKeys } from './group-metrics.js';

/** A point estimate (on the groups as observed) and its percentile interval. */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  readonly replicates?: number;
  /** Seed of the resampling (default 7): the same inputs and seed give the same intervals. */
  readonly seed?: number;
  /** Two-sided coverage of the intervals (default 0.95). */
  readonly confidence?: number;
  /** Ranker the others are compared with (`differences`); default `popularity` when present, else none. */
  readonly reference?: string | null;
}

export interface BootstrapResult {
  readonly replicates: number;
  readonly confidence: number;
  readonly seed: number;
  /** Metric keys (`map@k`, `ndcg@k`, `mrr`, `ctr@k`, `simulatedCtr@k` with truth). */
  readonly metrics: readonly string[];
  /** ranker -> metric -> interval. */
  readonly rankers: Record<string, Record<string, Interval>>;
  /** The reference ranker, or null. */
  readonly reference: string | null;
  /** ranker -> metric -> interval of (ranker - reference), paired over the same resampled groups. */
  readonly differences: Record<string, Record<string, Interval>>;
}

/** Per-group numerators and denominators of every metric of one ranker. */
interface MetricSums {
  /** metric -> per-group numerator; denominators per group in `den`. */
  readonly num: Float64Array[];
  readonly den: Float64Array[];
}

function metricSums(m: GroupMetrics, withTruth: boolean): MetricSums {
  const { groups, k } = m;
  const evaluated = new Float64Array(groups);
  const shown = new Float64Array(groups);
  const allShown = new Float64Array(groups);
  const ap = new Float64Array(groups);
  const ndcg = new Float64Array(groups);
  const rr = new Float64Array(groups);
  const opened = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const top = Math.min(k, m.size[g]);
    allShown[g] = top;
    if (m.positives[g] === 0) continue;
    evaluated[g] = 1;
    shown[g] = top;
    ap[g] = m.ap[g];
    ndcg[g] = m.ndcg[g];
    rr[g] = m.rr[g];
    opened[g] = m.topOpened[g];
  }
  const num: Float64Array[] = [ap, ndcg, rr, opened];
  const den: Float64Array[] = [evaluated, evaluated, evaluated, shown];
  if (withTruth) {
    num.push(m.truthTop ?? new Float64Array(groups));
    den.push(allShown);
  }
  return { num, den };
}

/** The q-quantile of sorted values (linear interpolation), NaN when empty. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function interval(estimate: number, samples: Float64Array, confidence: number): Interval {
  // Resamples whose metric is undefined (no group with a positive drawn) are left out.
  const finite = samples.filter((v) => Number.isFinite(v)).sort();
  const alpha = (1 - confidence) / 2;
  return { estimate, low: quantile(finite, alpha), high: quantile(finite, 1 - alpha) };
}

/**
 * Percentile bootstrap intervals of every ranker's metrics on one grouping, resampling its groups with
 * replacement (`replicates` times, seeded), and the paired intervals of each ranker's difference with the
 * reference. Every ranker must have been evaluated on the same groups (same sizes and positives).
 * Cost: O(replicates x groups x rankers).
 */
export function bootstrapGroupMetrics(
  rankers: Readonly<Record<string, GroupMetrics>>,
  options: BootstrapOptions = {},
): BootstrapResult {
  const names = Object.keys(rankers);
  const replicates = options.replicates ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 7;
  if (!Number.isInteger(replicates) || replicates < 1)
    throw new RangeError(`replicates: expected an integer >= 1, got ${replicates}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence: expected a number in (0, 1), got ${confidence}`);
  const reference =
    options.reference === undefined
      ? names.includes('popularity')
        ? 'popularity'
        : null
      : options.reference;
  if (reference !== null && !names.includes(reference))
    throw new RangeError(`reference: no ranker named "${reference}" (have ${names.join(', ')})`);
  const first = names.length ? rankers[names[0]] : undefined;
  if (!first) {
    return { replicates, confidence, seed, metrics: [], rankers: {}, reference, differences: {} };
  }
  const { groups, k } = first;
  for (const name of names) {
    const m = rankers[name];
    let same = m.groups === groups && m.k === k;
    for (let g = 0; same && g < groups; g++)
      same = m.size[g] === first.size[g] && m.positives[g] === first.positives[g];
    if (!same)
      throw new RangeError(
        `${name}: evaluated on other groups than ${names[0]}: rankers must share the groups`,
      );
  }
  const withTruth = names.every((n) => rankers[n].truthTop !== null);
  const metrics = groupMetricKeys(k, withTruth);
  const sums = names.map((n) => metricSums(rankers[n], withTruth));

  // samples[r][m][b]: metric m of ranker r on resample b.
  const samples = names.map(() => metrics.map(() => new Float64Array(replicates)));
  const counts = new Int32Array(groups);
  const drawn = new Int32Array(groups); // the distinct groups drawn in this resample
  const random = seededRandom(seed);
  for (let b = 0; b < replicates; b++) {
    counts.fill(0);
    let distinct = 0;
    for (let i = 0; i < groups; i++) {
      const g = Math.floor(random() * groups);
      if (counts[g]++ === 0) drawn[distinct++] = g;
    }
    for (let r = 0; r < names.length; r++) {
      const { num, den } = sums[r];
      for (let m = 0; m < metrics.length; m++) {
        const x = num[m];
        const d = den[m];
        let top = 0;
        let bottom = 0;
        for (let j = 0; j < distinct; j++) {
          const g = drawn[j];
          const c = counts[g];
          top += c * x[g];
          bottom += c * d[g];
        }
        samples[r][m][b] = bottom > 0 ? top / bottom : Number.NaN;
      }
    }
  }

  const estimateOf = (r: number, m: number) => {
    const { num, den } = sums[r];
    let top = 0;
    let bottom = 0;
    for (let g = 0; g < groups; g++) {
      top += num[m][g];
      bottom += den[m][g];
    }
    return bottom > 0 ? top / bottom : Number.NaN;
  };
  const out: Record<string, Record<string, Interval>> = {};
  const differences: Record<string, Record<string, Interval>> = {};
  const ref = reference === null ? -1 : names.indexOf(reference);
  names.forEach((name, r) => {
    out[name] = {};
    metrics.forEach((key, m) => {
      out[name][key] = interval(estimateOf(r, m), samples[r][m], confidence);
    });
    if (ref < 0 || r === ref) return;
    differences[name] = {};
    metrics.forEach((key, m) => {
      const diff = samples[r][m].map((v, b) => v - samples[ref][m][b]);
      differences[name][key] = interval(estimateOf(r, m) - estimateOf(ref, m), diff, confidence);
    });
  });
  return { replicates, confidence, seed, metrics, rankers: out, reference, differences };
}
