/**
 * The synthetic generator's ground truth, when present beside the raw log: the true open probability of
 * any (user, post, time) candidate, for the oracle baseline and simulatedCtr@10 (DESIGN section 6).
 * Absent for a real log: then neither is reported.
 */
import { existsSync } from 'node:fs';
import type { CandidateChunk } from '@wemoms/dataset';
import * as synthetic from '@wemoms/synthetic';
import type { CliContext } from '../runtime/context.js';
import type { LoadedLog } from './load-log.js';

export interface TruthScorer {
  /** True open probability of every candidate of the chunk. */
  score(chunk: CandidateChunk): Float64Array;
}

/** Loads the ground truth of paths.truth, or null when the log has none. */
export async function loadTruth(ctx: CliContext, loaded: LoadedLog): Promise<TruthScorer | null> {
  if (!existsSync(ctx.paths.truth)) return null;
  const loader = (synthetic as Record<string, unknown>).loadGroundTruth as
    | ((dir: string) => Promise<{ probabilities(q: Record<string, unknown>): Float64Array }>)
    | undefined;
  if (!loader) {
    ctx.progress.log('ground truth present but this @wemoms/synthetic has no loadGroundTruth: no oracle row');
    return null;
  }
  const truth = await loader(ctx.paths.truth);
  const userIds = loaded.log.columns.user_id.dictionary;
  const postIds = loaded.log.columns.trackable_id.dictionary;
  return {
    score(chunk) {
      return truth.probabilities({ userIds, postIds, user: chunk.user, post: chunk.post, time: chunk.time });
    },
  };
}
