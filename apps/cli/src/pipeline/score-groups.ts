/**
 * The fused candidate stage shared by `predict` and `rank`: expand groups in bounded chunks, featurise
 * each chunk as of its candidate time, score it with the ranker and, with `scoreAndRankGroups`, rank within
 * groups (score, then post id). `predict` ranks in its writer thread instead, beside the next chunk's
 * featurising. Memory is bounded by the chunk size, whatever the number of candidates.
 */
import { type CandidateChunk, expandCandidates, type TestGroups } from '@wemoms/dataset';
import { type FeatureFrame, featurizeCandidates } from '@wemoms/features';
import { rankWithinGroups } from '@wemoms/metrics';
import type { Ranker } from '@wemoms/model';
import type { LoadedLog } from './load-log.js';

/** Seconds spent per step, accumulated over the chunks (the bench reports them). */
export interface StepTimes {
  expandAndFeaturize: number;
  score: number;
  /**
   * CPU seconds of the process (every thread) during the score steps, when given: on a loaded machine the
   * steadier figure (an upper bound of the scoring thread's own, since a writer thread may run meanwhile).
   */
  scoreCpu?: number;
}

export interface ScoredChunk {
  chunk: CandidateChunk;
  /** Valid until the next chunk is requested (buffers are reused). */
  features: FeatureFrame;
  scores: Float32Array;
  /** Post-id rank: the tie-break key. */
  tieKeys: Int32Array;
}

export interface RankedChunk extends ScoredChunk {
  /** 1-based rank within the group. */
  ranks: Int32Array;
}

/** Changes a chunk's features in place before it is scored (e.g. a request's platform, online). */
export type FeatureAdjuster = (features: FeatureFrame, chunk: CandidateChunk) => void;

/** Scores every candidate of `groups`, one chunk of whole groups at a time (no ranks: see `scoreAndRankGroups`). */
export function* scoreGroups(
  loaded: LoadedLog,
  ranker: Pick<Ranker, 'score'>,
  categories: readonly string[],
  groups: TestGroups,
  chunkRows: number,
  times: StepTimes = { expandAndFeaturize: 0, score: 0 },
  adjust?: FeatureAdjuster,
): Generator<ScoredChunk> {
  const chunks = expandCandidates(groups, loaded.catalog, { maxRows: chunkRows });
  const postRank = loaded.catalog.postRank;
  // Feature buffers are recycled between chunks and calls, in the log's arena (the featuriser's biggest
  // cost is fresh arrays): a chunk's features are valid until the consumer asks for the next chunk, which
  // every caller here respects, and callers finish one scoreGroups before starting the next.
  const featurized = featurizeCandidates(loaded.features, chunks, {
    categories,
    minBatchRows: chunkRows,
    reuseBuffers: loaded.arena,
  });
  for (;;) {
    let started = performance.now();
    const next = featurized.next();
    if (next.done) break;
    const { chunk, features } = next.value;
    adjust?.(features, chunk);
    times.expandAndFeaturize += (performance.now() - started) / 1000;
    started = performance.now();
    const cpu = times.scoreCpu === undefined ? null : process.cpuUsage();
    const scores = ranker.score(features.columns, { allowUnexpected: true });
    times.score += (performance.now() - started) / 1000;
    if (cpu !== null) {
      const used = process.cpuUsage(cpu);
      times.scoreCpu = (times.scoreCpu ?? 0) + (used.user + used.system) / 1e6;
    }
    const tieKeys = new Int32Array(chunk.length);
    for (let i = 0; i < chunk.length; i++) tieKeys[i] = postRank[chunk.post[i]];
    yield { chunk, features, scores, tieKeys };
  }
}

/** `scoreGroups` with every candidate's rank within its group (score descending, then post id). */
export function* scoreAndRankGroups(...args: Parameters<typeof scoreGroups>): Generator<RankedChunk> {
  for (const scored of scoreGroups(...args)) {
    yield { ...scored, ranks: rankWithinGroups(scored.chunk.offsets, scored.scores, scored.tieKeys) };
  }
}

/**
 * The rows of each group's top `k` in rank order, `out[h * k + r - 1]` for rank r of group h (-1 where a
 * group has fewer than k rows): what `wemoms rank` prints and `wemoms ab simulate` serves.
 */
export function topRowsOfGroups(offsets: Int32Array, ranks: Int32Array, k: number): Int32Array {
  const groups = offsets.length - 1;
  const out = new Int32Array(groups * k).fill(-1);
  for (let h = 0; h < groups; h++)
    for (let i = offsets[h]; i < offsets[h + 1]; i++) if (ranks[i] <= k) out[h * k + ranks[i] - 1] = i;
  return out;
}
