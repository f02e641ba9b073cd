/**
 * The synthetic generator's ground truth, when present beside the raw log: the true open probability of
 * every candidate, for the oracle baseline and simulatedCtr@10 (DESIGN section 6), and the observable
 * ceiling's probability (the same without the viewer's mood of the day and the (viewer, post) affinity,
 * which no log column reveals). Absent for a real log: then none of them is reported. The scoring itself
 * is @wemoms/synthetic's truthScorer (the demo uses it too).
 */
import { existsSync } from 'node:fs';
import { loadGroundTruth, type TruthScorer, truthScorer } from '@wemoms/synthetic';

export type { TruthRows, TruthScorer, TruthScores } from '@wemoms/synthetic';

/**
 * The ground truth of `truthDir` for a log whose user and post codes index `userIds` and `postIds`, or
 * null when the directory does not exist (a real log).
 */
export function createTruthScorer(
  truthDir: string,
  userIds: string[],
  postIds: string[],
): TruthScorer | null {
  if (!existsSync(truthDir)) return null;
  return truthScorer(loadGroundTruth(truthDir), userIds, postIds);
}
