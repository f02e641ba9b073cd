/**
 * Scores the model and its baselines with the same code (DESIGN section 6): random (seeded), most-popular
 * (post opens over the trailing day, a feature column), and the oracle (true probabilities) on synthetic data.
 */

import { type EvaluateOptions, evaluatePrepared, type RankingEvaluation } from './evaluate.js';
import { type PreparedGroups, prepareGroups } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkK } from './validate.js';

/** One grouping's shared columns; each ranker brings only its scores. */
export interface RankersInput {
  readonly offsets: Int32Array;
  readonly labels: NumericColumn;
  readonly tieKeys: NumericColumn;
  /** True open probabilities (synthetic ground truth): adds `simulatedCtr@k` to every row. */
  readonly truth?: NumericColumn;
}

/**
 * Scores per ranker. `model`, `popularity` and `random` are expected; `oracle` is optional and defaults to
 * `truth` when truth is given. Further named rankers (a second model) are evaluated the same way.
 */
export type RankerScores = {
  readonly model?: NumericColumn;
  readonly popularity?: NumericColumn;
  readonly random?: NumericColumn;
  readonly oracle?: NumericColumn;
} & { readonly [ranker: string]: NumericColumn | undefined };

/**
 * Rankers whose scores are never probabilities: their log loss is reported as NaN rather than a
 * meaningless number (an opens count of 0 or 1 would otherwise pass as a probability).
 */
export const NON_PROBABILITY_RANKERS: ReadonlySet<string> = new Set(['popularity']);

/**
 * The report order of rankers: model first, then the baselines (the observable ceiling beside the oracle),
 * then any other ranker by name.
 */
const RANKER_ORDER = ['model', 'popularity', 'random', 'oracle', 'ceiling'];

/**
 * Evaluates every ranker on one grouping with the same labels, tie keys and truth.
 * @returns one `RankingEvaluation` per ranker, keys in report order (model, popularity, random, oracle, others).
 */
export function evaluateRankers<K extends number = 10>(
  input: RankersInput,
  rankers: RankerScores,
  options: EvaluateOptions<K>,
): Record<string, RankingEvaluation<K>> {
  const all: Record<string, NumericColumn> = {};
  for (const [name, scores] of Object.entries(rankers)) if (scores) all[name] = scores;
  if (input.truth && !all.oracle) all.oracle = input.truth;
  const names = orderRankerNames(Object.keys(all));
  const out: Record<string, RankingEvaluation<K>> = {};
  // Labels, tie keys and truth are validated and laid out once for all rankers.
  let prepared: PreparedGroups | undefined;
  for (const name of names) {
    checkK(options.k);
    prepared ??= prepareGroups(input, all[name].length);
    out[name] = evaluatePrepared(prepared, all[name], {
      ...options,
      scoresAreProbabilities: NON_PROBABILITY_RANKERS.has(name) ? false : options.scoresAreProbabilities,
    });
  }
  return out;
}

/** Ranker names in report order (model, popularity, random, oracle, ceiling, then the others by name). @internal */
export function orderRankerNames(names: string[]): string[] {
  return [...names].sort((a, b) => rankerPosition(a) - rankerPosition(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function rankerPosition(name: string): number {
  const i = RANKER_ORDER.indexOf(name);
  return i === -1 ? RANKER_ORDER.length : i;
}
