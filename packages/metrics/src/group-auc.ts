/** Mean within-group ROC AUC of many score columns over one grouping (e.g. permutation importance). */

import { prepareGroups, scoresForRanking } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkOffsets } from './validate.js';
import { walkByPositions } from './walk.js';

/**
 * Prepares `offsets` (CSR groups) and `labels` once and returns a function of a score column that gives
 * the mean, over groups holding both a positive and a negative, of the within-group ROC AUC (ties count
 * 1/2; NaN when no group has both): `evaluateRanking`'s `meanGroupAuc`, bit for bit, without its global AUC,
 * log loss and validation of the shared columns on every call. For scoring the same rows many times.
 * @throws RangeError from the returned function when the scores' length does not match the offsets.
 */
export function meanGroupAucOf(
  offsets: Int32Array,
  labels: NumericColumn,
): (scores: NumericColumn) => number {
  // The within-group AUC counts tied scores 1/2 whatever the tie keys: all zero here.
  const rows = labels.length;
  const prepared = prepareGroups({ offsets, labels, tieKeys: new Int32Array(rows) }, rows);
  return (scores) => {
    if (scores.length !== rows) checkOffsets(offsets, scores.length);
    const walk = walkByPositions(prepared, scoresForRanking(scores), 1);
    return walk.groupsWithAuc > 0 ? walk.groupAucSum / walk.groupsWithAuc : Number.NaN;
  };
}
