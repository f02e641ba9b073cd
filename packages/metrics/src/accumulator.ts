/**
 * Streaming evaluation: the CLI produces candidates in chunks of whole groups; an accumulator takes them one
 * by one and gives exactly (bit for bit) what `evaluateRanking` / `evaluateRankers` give on the
 * concatenation. The per-group sums continue across chunks in the same order; the global AUC and log loss
 * need every score, so each ranker keeps its scores (float32 when given float32, else float64) and one
 * positive flag byte per row is shared.
 */

import { aucFromFlags } from './auc.js';
import {
  NON_PROBABILITY_RANKERS,
  orderRankerNames,
  type RankerScores,
  type RankersInput,
} from './baselines.js';
import {
  type EvaluateOptions,
  finishEvaluation,
  type RankingEvaluation,
  type RankingInput,
} from './evaluate.js';
import { logLossFromFlags } from './log-loss.js';
import { type PreparedGroups, prepareGroups, scoresForRanking } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkK, checkOffsets } from './validate.js';
import { emptyWalk, type GroupWalk, walkByPositions } from './walk.js';

/** Scores and the walk of one ranker across chunks. */
class RankerState {
  readonly walk: GroupWalk = emptyWalk();
  readonly chunks: (Float32Array | Float64Array)[] = [];

  add(prepared: PreparedGroups, scores: NumericColumn, k: number): void {
    if (scores.length !== prepared.rows) checkOffsets(prepared.offsets, scores.length);
    const s = scoresForRanking(scores);
    walkByPositions(prepared, s, k, this.walk);
    // Kept for the global AUC and log loss (a copy: the caller may reuse its buffers).
    this.chunks.push(s === scores ? s.slice() : s);
  }

  /** Every kept score in row order: float32 if every chunk was, else float64 (exact either way). */
  scores(rows: number): Float32Array | Float64Array {
    const out = this.chunks.every((c) => c instanceof Float32Array)
      ? new Float32Array(rows)
      : new Float64Array(rows);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** The columns shared by the rankers across chunks. */
class SharedState {
  rows = 0;
  groups = 0;
  positives = 0;
  chunks = 0;
  withTruth: boolean | undefined;
  readonly flags: Uint8Array[] = [];

  prepare(chunk: RankersInput, rows: number): PreparedGroups {
    const hasTruth = chunk.truth !== undefined;
    if (this.withTruth !== undefined && hasTruth !== this.withTruth) {
      throw new RangeError(
        `truth: chunk ${this.chunks} ${hasTruth ? 'has' : 'lacks'} ground truth, unlike the chunks before it`,
      );
    }
    this.withTruth = hasTruth;
    const prepared = prepareGroups(chunk, rows);
    this.rows += prepared.rows;
    this.groups += prepared.groups;
    this.positives += prepared.positives;
    this.chunks++;
    this.flags.push(prepared.positive);
    return prepared;
  }

  positive(): Uint8Array {
    const out = new Uint8Array(this.rows);
    let at = 0;
    for (const f of this.flags) {
      out.set(f, at);
      at += f.length;
    }
    return out;
  }

  finish<K extends number>(
    state: RankerState,
    positive: Uint8Array,
    options: EvaluateOptions<K>,
  ): RankingEvaluation<K> {
    const s = state.scores(this.rows);
    return finishEvaluation(state.walk, {
      k: options.k,
      rows: this.rows,
      groups: this.groups,
      auc: aucFromFlags(s, positive, this.positives),
      logloss: options.scoresAreProbabilities === false ? Number.NaN : logLossFromFlags(s, positive),
      withTruth: this.withTruth === true,
    });
  }
}

/**
 * One ranker over chunks of whole groups: `add(chunk)` per chunk (each a `RankingInput` with its own CSR
 * offsets), then `result()`, equal to `evaluateRanking` on the concatenated chunks. A group must not be
 * split across chunks. Every chunk has ground truth or none does.
 */
export class RankingAccumulator<K extends number = 10> {
  readonly #options: EvaluateOptions<K>;
  readonly #shared = new SharedState();
  readonly #ranker = new RankerState();

  constructor(options: EvaluateOptions<K>) {
    checkK(options.k);
    this.#options = options;
  }

  add(chunk: RankingInput): this {
    const prepared = this.#shared.prepare(chunk, chunk.scores.length);
    this.#ranker.add(prepared, chunk.scores, this.#options.k);
    return this;
  }

  result(): RankingEvaluation<K> {
    return this.#shared.finish(this.#ranker, this.#shared.positive(), this.#options);
  }
}

/**
 * `evaluateRankers` over chunks of whole groups: `add(columns, rankers)` per chunk with the same ranker
 * names every time (the oracle defaults to truth, as there), then `result()`.
 */
export class RankersAccumulator<K extends number = 10> {
  readonly #options: EvaluateOptions<K>;
  readonly #shared = new SharedState();
  #names: string[] | undefined;
  readonly #rankers = new Map<string, RankerState>();

  constructor(options: EvaluateOptions<K>) {
    checkK(options.k);
    this.#options = options;
  }

  add(chunk: RankersInput, rankers: RankerScores): this {
    const all: Record<string, NumericColumn> = {};
    for (const [name, scores] of Object.entries(rankers)) if (scores) all[name] = scores;
    if (chunk.truth && !all.oracle) all.oracle = chunk.truth;
    const names = orderRankerNames(Object.keys(all));
    if (this.#names === undefined) {
      this.#names = names;
      for (const name of names) this.#rankers.set(name, new RankerState());
    } else if (names.join('\n') !== this.#names.join('\n')) {
      throw new RangeError(
        `rankers: expected ${this.#names.join(', ')} in every chunk, got ${names.join(', ')}`,
      );
    }
    if (names.length === 0) return this;
    const prepared = this.#shared.prepare(chunk, all[names[0]].length);
    for (const name of names) this.#rankers.get(name)?.add(prepared, all[name], this.#options.k);
    return this;
  }

  result(): Record<string, RankingEvaluation<K>> {
    const out: Record<string, RankingEvaluation<K>> = {};
    const positive = this.#shared.positive();
    for (const name of this.#names ?? []) {
      const state = this.#rankers.get(name);
      if (!state) continue;
      out[name] = this.#shared.finish(state, positive, {
        ...this.#options,
        scoresAreProbabilities: NON_PROBABILITY_RANKERS.has(name)
          ? false
          : this.#options.scoresAreProbabilities,
      });
    }
    return out;
  }
}
