/**
 * Sample-ratio mismatch: are the users split between the arms as planned? A chi-square goodness-of-fit test
 * of the users per arm against the planned shares. A mismatch (p below a strict threshold, 0.001 by
 * convention, since the check runs on every analysis) means the assignment or the logging is broken and
 * no lift computed from these arms can be trusted.
 */
import { checkWeights } from './checks.js';
import { chiSquareSurvival } from './distributions.js';

export interface SampleRatioCheck {
  observed: number[];
  expected: number[];
  /** Planned shares, normalised to sum to 1. */
  shares: number[];
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Threshold the p-value is compared with. */
  alpha: number;
  mismatch: boolean;
}

/** Chi-square test of `observed` counts (users per arm) against the planned `weights` (any positive scale). */
export function sampleRatioMismatch(
  observed: readonly number[],
  weights: readonly number[],
  alpha = 0.001,
): SampleRatioCheck {
  if (observed.length < 2) throw new RangeError(`expected at least 2 arms, got ${observed.length}`);
  const shares = checkWeights(weights, observed.length);
  for (const o of observed)
    if (!(Number.isInteger(o) && o >= 0)) throw new RangeError(`observed: expected counts, got ${o}`);
  const total = observed.reduce((s, o) => s + o, 0);
  if (total === 0) throw new RangeError('observed: every count is 0');
  const expected = shares.map((s) => s * total);
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) chiSquare += (observed[i] - expected[i]) ** 2 / expected[i];
  const degreesOfFreedom = observed.length - 1;
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return {
    observed: [...observed],
    expected,
    shares,
    chiSquare,
    degreesOfFreedom,
    pValue,
    alpha,
    mismatch: pValue < alpha,
  };
}
