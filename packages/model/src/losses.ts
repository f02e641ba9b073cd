/**
 * Training objectives on logits, with their gradients, in float64 JS over CSR groups (the rows of a group
 * contiguous, `offsets` of length groups + 1), as TF-Ranking defines them with its default reduction
 * (SUM_BY_NONZERO_WEIGHTS):
 * - pointwise: sigmoid cross-entropy, mean over rows;
 * - pairwise (RankNet, TF-Ranking's PairwiseLogisticLoss): `log(1 + exp(-(z_i - z_j)))` for every pair of a
 *   positive i and a negative j of the same group, mean over all such pairs;
 * - listwise (TF-Ranking's SoftmaxLoss): per group, `-sum over positives i of log softmax(z)_i`, mean over
 *   the groups holding a positive.
 * A ranking loss can be mixed with the pointwise one: `ranking + pointwiseWeight * pointwise`.
 */

export const RANKING_LOSSES = ['pointwise', 'pairwise', 'listwise'] as const;
export type RankingLoss = (typeof RANKING_LOSSES)[number];

/** `log(1 + exp(x))` without overflow. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** `1 / (1 + exp(-x))`. */
function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Sum over rows [start, end) of the sigmoid cross-entropy of logits `z` and 0/1 `labels`; adds
 * `scale * dLoss/dz_i` to `gradient[i]`.
 */
export function pointwiseLossSum(
  z: ArrayLike<number>,
  labels: ArrayLike<number>,
  start: number,
  end: number,
  gradient: Float64Array,
  scale: number,
): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const y = labels[i];
    sum += softplus(z[i]) - z[i] * y;
    gradient[i] += scale * (sigmoid(z[i]) - y);
  }
  return sum;
}

/** Number of (positive, negative) pairs inside the groups. */
export function countPairs(offsets: Int32Array, labels: ArrayLike<number>): number {
  let pairs = 0;
  for (let g = 0; g + 1 < offsets.length; g++) {
    let positives = 0;
    for (let i = offsets[g]; i < offsets[g + 1]; i++) if (labels[i] > 0) positives++;
    pairs += positives * (offsets[g + 1] - offsets[g] - positives);
  }
  return pairs;
}

/**
 * Sum over (positive i, negative j) pairs of each group of `log(1 + exp(z_j - z_i))`; adds `scale *` the
 * gradient to `gradient` (`-sigmoid(z_j - z_i)` for i, `+sigmoid(z_j - z_i)` for j, per pair).
 */
export function pairwiseLossSum(
  offsets: Int32Array,
  z: ArrayLike<number>,
  labels: ArrayLike<number>,
  gradient: Float64Array,
  scale: number,
): number {
  let sum = 0;
  for (let g = 0; g + 1 < offsets.length; g++) {
    const start = offsets[g];
    const end = offsets[g + 1];
    for (let i = start; i < end; i++) {
      if (!(labels[i] > 0)) continue;
      for (let j = start; j < end; j++) {
        if (labels[j] > 0) continue;
        const d = z[j] - z[i];
        sum += softplus(d);
        const s = scale * sigmoid(d);
        gradient[i] -= s;
        gradient[j] += s;
      }
    }
  }
  return sum;
}

/** Number of groups holding a positive (the listwise loss averages over them). */
export function countGroupsWithPositive(offsets: Int32Array, labels: ArrayLike<number>): number {
  let groups = 0;
  for (let g = 0; g + 1 < offsets.length; g++) {
    for (let i = offsets[g]; i < offsets[g + 1]; i++) {
      if (labels[i] > 0) {
        groups++;
        break;
      }
    }
  }
  return groups;
}

/**
 * Sum over groups of the softmax cross-entropy `-sum_i y_i log softmax(z)_i` (binary labels: summed over the
 * positives); adds `scale *` its gradient `(sum_k y_k) softmax(z)_i - y_i` to `gradient`.
 */
export function listwiseLossSum(
  offsets: Int32Array,
  z: ArrayLike<number>,
  labels: ArrayLike<number>,
  gradient: Float64Array,
  scale: number,
): number {
  let sum = 0;
  for (let g = 0; g + 1 < offsets.length; g++) {
    const start = offsets[g];
    const end = offsets[g + 1];
    let positives = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = start; i < end; i++) {
      if (labels[i] > 0) positives += labels[i];
      if (z[i] > max) max = z[i];
    }
    if (positives === 0) continue;
    let total = 0;
    for (let i = start; i < end; i++) total += Math.exp(z[i] - max);
    const logSum = max + Math.log(total);
    for (let i = start; i < end; i++) {
      const y = Math.max(labels[i], 0);
      sum += y * (logSum - z[i]);
      gradient[i] += scale * (positives * Math.exp(z[i] - logSum) - y);
    }
  }
  return sum;
}

/**
 * One batch's objective: returns the mean loss of the batch (rows [0, offsets[groups]) of `z` and `labels`,
 * groups delimited by `offsets`); `gradient` (overwritten) receives dLoss/dz per row.
 */
export type Objective = (
  offsets: Int32Array,
  z: ArrayLike<number>,
  labels: ArrayLike<number>,
  gradient: Float64Array,
) => number;

/**
 * The training objective: `loss` (pointwise, pairwise or listwise) plus, for a ranking loss,
 * `pointwiseWeight` times the mean pointwise loss of the batch's rows. A batch without a pair (pairwise) or
 * without a positive (listwise) contributes only its pointwise part.
 */
export function createObjective(loss: RankingLoss, pointwiseWeight: number): Objective {
  return (offsets, z, labels, gradient) => {
    const rows = offsets[offsets.length - 1];
    gradient.fill(0, 0, rows);
    let value = 0;
    if (loss === 'pairwise') {
      const pairs = countPairs(offsets, labels);
      if (pairs > 0) value += pairwiseLossSum(offsets, z, labels, gradient, 1 / pairs) / pairs;
    } else if (loss === 'listwise') {
      const groups = countGroupsWithPositive(offsets, labels);
      if (groups > 0) value += listwiseLossSum(offsets, z, labels, gradient, 1 / groups) / groups;
    }
    const weight = loss === 'pointwise' ? 1 : pointwiseWeight;
    if (weight > 0 && rows > 0)
      value += (weight * pointwiseLossSum(z, labels, 0, rows, gradient, weight / rows)) / rows;
    return value;
  };
}
