/**
 * The ranker-independent part of an evaluation, computed once per grouping and shared by every ranker
 * (`evaluateRankers` scores 4 rankers on the same labels, tie keys and truth): validation, tie keys and
 * truth as float64, and the positives of every group as a CSR list.
 */

import type { RankColumn } from './index-sort.js';
import type { NumericColumn } from './types.js';
import { checkFinite, checkLabels, checkLength, checkOffsets, checkProbabilities } from './validate.js';

/** Labels, tie keys and truth of one grouping, validated and laid out for the per-ranker pass. */
export interface PreparedGroups {
  readonly offsets: Int32Array;
  readonly rows: number;
  readonly groups: number;
  /** The labels as given (NDCG reads the gain values from here). */
  readonly labels: NumericColumn;
  /** 1 where label > 0. */
  readonly positive: Uint8Array;
  readonly positives: number;
  /** Positives of group g: `positiveRows[positiveOffsets[g] .. positiveOffsets[g + 1])`, ascending rows. */
  readonly positiveOffsets: Int32Array;
  readonly positiveRows: Int32Array;
  /** 1 when every positive label of group g is exactly 1 (binary gains: ideal DCG from a table). */
  readonly binaryGains: Uint8Array;
  /** Tie keys as given when Int32Array or Float64Array, else as float64 (exact), checked finite. */
  readonly tieKeys: RankColumn;
  /** The truth column as given (summed in its own values), or undefined. */
  readonly truth: NumericColumn | undefined;
  /** Largest group and largest positive count of a group (scratch sizes). */
  readonly maxSize: number;
  readonly maxPositives: number;
}

/** The columns shared by every ranker of a grouping. */
export interface GroupColumns {
  readonly offsets: Int32Array;
  readonly labels: NumericColumn;
  readonly tieKeys: NumericColumn;
  readonly truth?: NumericColumn;
}

/**
 * Validates and lays out the shared columns for `rows` rows (the scores' length), with the same checks and
 * messages, in the same order, as the per-ranker path: offsets, lengths, truth, labels, then tie keys.
 */
export function prepareGroups(input: GroupColumns, rows: number): PreparedGroups {
  const { offsets, labels, tieKeys, truth } = input;
  const groups = checkOffsets(offsets, rows);
  checkLength('labels', labels, rows);
  checkLength('tieKeys', tieKeys, rows);
  if (truth) {
    checkLength('truth', truth, rows);
    checkProbabilities('truth', truth);
  }
  checkLabels('labels', labels);
  const t = tieKeys instanceof Int32Array ? tieKeys : scoresAsFloat64(tieKeys);
  checkFinite('tieKeys', t);

  const positive = new Uint8Array(rows);
  let positives = 0;
  for (let i = 0; i < rows; i++) {
    if (labels[i] > 0) {
      positive[i] = 1;
      positives++;
    }
  }
  const positiveOffsets = new Int32Array(groups + 1);
  const positiveRows = new Int32Array(positives);
  const binaryGains = new Uint8Array(groups);
  let maxSize = 0;
  let maxPositives = 0;
  let p = 0;
  for (let g = 0; g < groups; g++) {
    const lo = offsets[g];
    const hi = offsets[g + 1];
    if (hi - lo > maxSize) maxSize = hi - lo;
    let binary = 1;
    const first = p;
    for (let i = lo; i < hi; i++) {
      if (positive[i] === 1) {
        positiveRows[p++] = i;
        if (labels[i] !== 1) binary = 0;
      }
    }
    if (p - first > maxPositives) maxPositives = p - first;
    binaryGains[g] = binary;
    positiveOffsets[g + 1] = p;
  }
  return {
    offsets,
    rows,
    groups,
    labels,
    positive,
    positives,
    positiveOffsets,
    positiveRows,
    binaryGains,
    tieKeys: t,
    truth,
    maxSize,
    maxPositives,
  };
}

/** A numeric column (scores, tie keys) as float64 (exact for every numeric column type), without a copy when they already are. */
export function scoresAsFloat64(scores: NumericColumn): Float64Array {
  // The typed-array constructor converts natively (Float64Array.from goes through the iterator protocol).
  return scores instanceof Float64Array ? scores : new Float64Array(scores as ArrayLike<number>);
}

/**
 * Scores for the fast paths: float32 and float64 columns as given (both compare exactly; no 16 MB copy per
 * ranker), anything else copied to float64.
 */
export function scoresForRanking(scores: NumericColumn): Float64Array | Float32Array {
  return scores instanceof Float32Array ? scores : scoresAsFloat64(scores);
}
