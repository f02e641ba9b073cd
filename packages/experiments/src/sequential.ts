/**
 * An always-valid sequential test: the mixture sequential probability ratio test (mSPRT) of Johari, Pekelis
 * and Walsh ("Always valid inference", 2017; the Optimizely stats engine), for an asymptotically normal
 * estimate theta_hat of an effect theta with variance V (here the log ratio of two CTRs with its
 * delta-method variance, recomputed at every look). With a N(0, tau^2) mixture over the effect, the
 * likelihood ratio of "effect theta_hat" against "no effect" is
 *
 *   Lambda = sqrt(V / (V + tau^2)) * exp(tau^2 theta_hat^2 / (2 V (V + tau^2))),
 *
 * a martingale under the null, so by Ville's inequality P(ever Lambda >= 1 / alpha) <= alpha: the p-value
 * p_n = min(p_{n-1}, 1 / Lambda_n) and the confidence sequence {theta : Lambda(theta) < 1 / alpha} stay
 * valid however often they are read, e.g. every day. The price is width: wider than a fixed-horizon
 * interval at any single look. tau is the effect size the test is tuned for (the planned minimum
 * detectable effect is a good choice); the test is valid for any fixed tau.
 *
 * The interval reported at a look is that look's own (the sequence covers theta at every look at once
 * with probability >= 1 - alpha). Its running intersection would be valid too, and narrower, but only for
 * an effect that never changes: with a lift that drifts from day to day (other posts, other users) the
 * intersection can end up excluding the current estimate, so it is not used.
 */

/** The state of one sequential comparison after some looks. */
export interface SequentialState {
  /** Always-valid p-value so far (non-increasing: once below alpha, the test could have stopped there). */
  pValue: number;
  /** The confidence sequence for theta at the last look. */
  lower: number;
  upper: number;
  looks: number;
}

/** Before the first look. */
export function initialSequentialState(): SequentialState {
  return { pValue: 1, lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY, looks: 0 };
}

/** log Lambda of the normal-mixture SPRT for estimate `estimate` (variance `variance`) against `null0`. */
export function mixtureLogLikelihoodRatio(
  estimate: number,
  variance: number,
  mixingSd: number,
  null0 = 0,
): number {
  const t2 = mixingSd * mixingSd;
  const d = estimate - null0;
  return 0.5 * Math.log(variance / (variance + t2)) + (t2 * d * d) / (2 * variance * (variance + t2));
}

/** Half-width of the level-(1 - alpha) confidence sequence at a look with variance `variance`. */
export function confidenceSequenceRadius(variance: number, mixingSd: number, alpha: number): number {
  const t2 = mixingSd * mixingSd;
  return Math.sqrt(
    ((2 * variance * (variance + t2)) / t2) *
      (Math.log(1 / alpha) + 0.5 * Math.log((variance + t2) / variance)),
  );
}

/**
 * The state after one more look at `estimate` with `variance`; a look without a usable estimate
 * (non-finite, zero variance) leaves the state unchanged. Pure: returns a new state.
 */
export function sequentialLook(
  state: SequentialState,
  estimate: number,
  variance: number,
  mixingSd: number,
  alpha: number,
): SequentialState {
  if (!(Number.isFinite(estimate) && Number.isFinite(variance) && variance > 0)) return state;
  if (!(mixingSd > 0)) throw new RangeError(`mixingSd: expected a number > 0, got ${mixingSd}`);
  const logLambda = mixtureLogLikelihoodRatio(estimate, variance, mixingSd);
  const pValue = Math.min(state.pValue, Math.exp(-logLambda), 1);
  const radius = confidenceSequenceRadius(variance, mixingSd, alpha);
  return { pValue, lower: estimate - radius, upper: estimate + radius, looks: state.looks + 1 };
}
