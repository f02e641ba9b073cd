/**
 * The one deterministic ranking used by everything that ranks (model, metrics, CLI top-10, demo):
 * within a group, score descending, then tie key ascending (the post id's rank in ascending string order,
 * `dictionaryRank` in data-schema), NaN scores last. Rows whose score and tie key are both equal (a tie key
 * repeated inside a group, which callers should avoid) fall back to row order so the result is still total.
 */

import { sortRowsByRank } from './index-sort.js';
import { scoresAsFloat64, scoresForRanking } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkFinite, checkLength, checkOffsets } from './validate.js';

/**
 * Compares rows `a` and `b` of the same group in ranking order: negative when `a` ranks first.
 * Exposed so a caller that ranks by other means (a heap, a streaming top-k) uses the same rule.
 */
export function compareRanked(scores: NumericColumn, tieKeys: NumericColumn, a: number, b: number): number {
  const sa = scores[a];
  const sb = scores[b];
  const aNaN = Number.isNaN(sa);
  const bNaN = Number.isNaN(sb);
  if (aNaN || bNaN) {
    if (!aNaN) return -1;
    if (!bNaN) return 1;
  } else if (sa !== sb) {
    return sa > sb ? -1 : 1;
  }
  const ta = tieKeys[a];
  const tb = tieKeys[b];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a - b;
}

/**
 * Row indices sorted into ranking order within each group: `order[offsets[g] .. offsets[g+1])` lists the
 * rows of group g (which occupy that same range), best first. An index sort on one Int32Array, no per-row
 * objects.
 */
export function orderWithinGroups(
  offsets: Int32Array,
  scores: NumericColumn,
  tieKeys: NumericColumn,
): Int32Array {
  const rows = scores.length;
  const groups = checkOffsets(offsets, rows);
  checkLength('tieKeys', tieKeys, rows);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  // Float32/float64 scores and int32/float64 keys are read in place (the comparator sees at most two array
  // types); any other column type is copied to float64.
  const s = scoresForRanking(scores);
  const t = tieKeys instanceof Int32Array ? tieKeys : scoresAsFloat64(tieKeys);
  checkFinite('tieKeys', t);
  for (let g = 0; g < groups; g++) {
    const lo = offsets[g];
    const hi = offsets[g + 1];
    if (hi - lo > 1) sortRowsByRank(order, lo, hi, s, t);
  }
  return order;
}

/**
 * 1-based rank of every row within its group (score descending, then tie key ascending, NaN scores last).
 * @param offsets CSR group offsets, length groups + 1.
 * @param scores one score per row; higher ranks first.
 * @param tieKeys one tie key per row (post-id rank from `dictionaryRank`); lower ranks first among equal scores.
 */
export function rankWithinGroups(
  offsets: Int32Array,
  scores: NumericColumn,
  tieKeys: NumericColumn,
): Int32Array {
  const order = orderWithinGroups(offsets, scores, tieKeys);
  return ranksFromOrder(offsets, order);
}

/** Converts a within-group order (from `orderWithinGroups`) into 1-based ranks per row. */
export function ranksFromOrder(offsets: Int32Array, order: Int32Array): Int32Array {
  const ranks = new Int32Array(order.length);
  const groups = offsets.length - 1;
  for (let g = 0; g < groups; g++) {
    const lo = offsets[g];
    const hi = offsets[g + 1];
    for (let j = lo; j < hi; j++) ranks[order[j]] = j - lo + 1;
  }
  return ranks;
}
