/**
 * Numbers from scikit-learn's own documentation, reproduced by our code on the same inputs.
 * scikit-learn is not installable here (no PyPI), so the expected values are the outputs printed in the
 * docstring examples of sklearn/metrics/_ranking.py and sklearn/metrics/_classification.py (scikit-learn
 * main branch; the doctests print 2-3 digits, matched the way sklearn's doctest runner does, and to 1e-12 against the
 * same number written out in closed form).
 *
 * Where scikit-learn averages over tied scores (ndcg_score's default) and we break ties deterministically
 * by post id, the test says so and checks the relation instead.
 */

import { describe, expect, it } from 'vitest';
import { rocAuc } from './auc.js';
import { evaluateRanking } from './evaluate.js';
import { logLoss } from './log-loss.js';

/**
 * scikit-learn runs its doctests with pytest's NUMBER option: a printed float matches when it is within
 * 10^-d of the actual value, d being the digits printed ("0.69" accepts 0.6957). Same rule here.
 */
function expectDoctestNumber(actual: number, printed: string): void {
  const decimals = printed.split('.')[1]?.length ?? 0;
  expect(Math.abs(actual - Number(printed))).toBeLessThanOrEqual(10 ** -decimals);
}

const oneGroup = (n: number) => Int32Array.of(0, n);
const keys = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('scikit-learn docstring examples', () => {
  it('metrics.auc(roc_curve(y, s)) and roc_auc_score: y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8] -> 0.75', () => {
    // >>> y_true = np.array([1, 1, 2, 2]); y_score = np.array([0.1, 0.4, 0.35, 0.8])
    // >>> fpr, tpr, thresholds = metrics.roc_curve(y_true, y_score, pos_label=2); metrics.auc(fpr, tpr)
    // 0.75
    expect(rocAuc(Float64Array.of(0.1, 0.4, 0.35, 0.8), Uint8Array.of(0, 0, 1, 1))).toBe(0.75);
  });

  it('average_precision_score: y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8] -> 0.83', () => {
    // >>> average_precision_score(y_true, y_scores)
    // 0.83
    // One group, k >= its size, no tied scores: AP@k with the min(k, R) denominator is sklearn's AP.
    const r = evaluateRanking(
      {
        offsets: oneGroup(4),
        scores: Float64Array.of(0.1, 0.4, 0.35, 0.8),
        labels: Uint8Array.of(0, 0, 1, 1),
        tieKeys: keys(4),
      },
      { k: 10 },
    );
    expectDoctestNumber(r.metrics['map@10'], '0.83');
    expect(r.metrics['map@10']).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12);
  });

  it('label_ranking_average_precision_score: two samples -> 0.416', () => {
    // >>> y_true = np.array([[1, 0, 0], [0, 0, 1]])
    // >>> y_score = np.array([[0.75, 0.5, 1], [1, 0.2, 0.1]])
    // >>> label_ranking_average_precision_score(y_true, y_score)
    // 0.416
    // Each sample is a group; without ties LRAP is MAP@k for k >= the group size.
    const input = {
      offsets: Int32Array.of(0, 3, 6),
      scores: Float64Array.of(0.75, 0.5, 1, 1, 0.2, 0.1),
      labels: Uint8Array.of(1, 0, 0, 0, 0, 1),
      tieKeys: Int32Array.of(0, 1, 2, 0, 1, 2),
    };
    const r = evaluateRanking(input, { k: 3 });
    expectDoctestNumber(r.metrics['map@3'], '0.416');
    expect(r.metrics['map@3']).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12);
  });

  it('label_ranking_loss on the same samples -> 0.75, i.e. mean per-group AUC 0.25', () => {
    // >>> label_ranking_loss(y_true, y_score)
    // 0.75
    // The ranking loss is the share of mis-ordered (positive, negative) pairs per sample: 1 - per-group AUC.
    const input = {
      offsets: Int32Array.of(0, 3, 6),
      scores: Float64Array.of(0.75, 0.5, 1, 1, 0.2, 0.1),
      labels: Uint8Array.of(1, 0, 0, 0, 0, 1),
      tieKeys: Int32Array.of(0, 1, 2, 0, 1, 2),
    };
    expect(1 - evaluateRanking(input, { k: 3 }).meanGroupAuc).toBeCloseTo(0.75, 12);
  });

  describe('ndcg_score with graded relevance [10, 0, 0, 1, 5] (our NDCG takes the label as the gain)', () => {
    const relevance = Float64Array.of(10, 0, 0, 1, 5);
    const ndcg = (scores: Float64Array, k: number, tieKeys = keys(5)) =>
      (
        evaluateRanking({ offsets: oneGroup(5), scores, labels: relevance, tieKeys }, { k })
          .metrics as Record<string, number>
      )[`ndcg@${k}`];
    const idcg = 10 + 5 / Math.log2(3) + 1 / Math.log2(4);

    it('scores [.1, .2, .3, 4, 70] -> 0.69', () => {
      // >>> ndcg_score(true_relevance, scores)
      // 0.69
      const v = ndcg(Float64Array.of(0.1, 0.2, 0.3, 4, 70), 5);
      expectDoctestNumber(v, '0.69');
      expect(v).toBeCloseTo((5 + 1 / Math.log2(3) + 10 / Math.log2(6)) / idcg, 12); // 0.6956940443813076
    });

    it('scores [.05, 1.1, 1., .5, .0] -> 0.49, and 0.35 at k = 4', () => {
      // >>> ndcg_score(true_relevance, scores)
      // 0.49
      // >>> ndcg_score(true_relevance, scores, k=4)
      // 0.35
      const scores = Float64Array.of(0.05, 1.1, 1, 0.5, 0);
      expectDoctestNumber(ndcg(scores, 5), '0.49');
      expect(ndcg(scores, 5)).toBeCloseTo((1 / 2 + 10 / Math.log2(5) + 5 / Math.log2(6)) / idcg, 12);
      expectDoctestNumber(ndcg(scores, 4), '0.35');
      expect(ndcg(scores, 4)).toBeCloseTo((1 / 2 + 10 / Math.log2(5)) / idcg, 12);
    });

    it('a perfect answer still scores 1.0 at k = 4', () => {
      // >>> ndcg_score(true_relevance, true_relevance, k=4)
      // 1.0
      expect(ndcg(Float64Array.from(relevance), 4)).toBeCloseTo(1, 12);
    });

    it('tied scores [1, 0, 0, 0, 1] at k = 1: sklearn averages (0.75), we break the tie by key', () => {
      // >>> ndcg_score(true_relevance, scores, k=1)
      // 0.75
      // >>> ndcg_score(true_relevance, scores, k=1, ignore_ties=True)
      // 0.5
      const scores = Float64Array.of(1, 0, 0, 0, 1);
      const first = ndcg(scores, 1, Int32Array.of(0, 1, 2, 3, 4)); // row 0 (gain 10) wins the tie: 1.0
      const last = ndcg(scores, 1, Int32Array.of(4, 3, 2, 1, 0)); // row 4 (gain 5) wins: sklearn's ignore_ties 0.5
      expect(first).toBe(1);
      expect(last).toBeCloseTo(0.5, 12);
      expect((first + last) / 2).toBeCloseTo(0.75, 12); // the tie average scikit-learn reports
    });
  });

  it('log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) -> 0.21616...', () => {
    // >>> log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
    // 0.21616...   (full value 0.21616187468057912, as printed by sklearn and quoted in Apache Spark's
    //               MulticlassMetricsSuite "supports binary class log-loss")
    // Classes sort as [ham, spam], so P(spam) is the second column and spam is the positive label.
    const v = logLoss(Float64Array.of(0.9, 0.1, 0.2, 0.65), Uint8Array.of(1, 0, 0, 1));
    expect(v).toBeCloseTo(0.21616187468057912, 14);
  });
});
