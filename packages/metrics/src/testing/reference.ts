/**
 * The reference evaluation (full within-group sort, then one pass; AUC by two full sorts): slow and
 * obviously faithful to the definitions. Not exported from the package: the property tests pin the fast
 * path (`evaluateRanking`) to it, bit for bit.
 * @internal
 */

import { rocAucBySort } from '../auc.js';
import {
  type EvaluateOptions,
  finishEvaluation,
  type RankingEvaluation,
  type RankingInput,
} from '../evaluate.js';
import { logLoss } from '../log-loss.js';
import { orderWithinGroups } from '../ranking.js';
import { checkK, checkLabels, checkLength, checkOffsets, checkProbabilities } from '../validate.js';
import { walkByOrder } from '../walk.js';

export function evaluateRankingReference<K extends number = 10>(
  input: RankingInput,
  options: EvaluateOptions<K>,
): RankingEvaluation<K> {
  const { offsets, scores, labels, tieKeys, truth } = input;
  const { k } = options;
  checkK(k);
  const rows = scores.length;
  const groups = checkOffsets(offsets, rows);
  checkLength('labels', labels, rows);
  checkLength('tieKeys', tieKeys, rows);
  if (truth) {
    checkLength('truth', truth, rows);
    checkProbabilities('truth', truth);
  }
  checkLabels('labels', labels);
  const order = orderWithinGroups(offsets, scores, tieKeys);
  const walk = walkByOrder(offsets, order, scores, labels, k, truth);
  return finishEvaluation(walk, {
    k,
    rows,
    groups,
    auc: rocAucBySort(scores, labels),
    logloss: options.scoresAreProbabilities === false ? Number.NaN : logLoss(scores, labels),
    withTruth: truth !== undefined,
  });
}
