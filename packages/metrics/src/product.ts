/**
 * Product figures of a ranking (issue 13): how personal the top k is, beside how good. A feed that gives
 * every user the same #1 and #2 can score well on average and still be one list for everyone.
 */

import { selectTopRows } from './index-sort.js';
import { scoresAsFloat64, scoresForRanking } from './prepare.js';
import type { NumericColumn } from './types.js';
import { checkFinite, checkK, checkLength, checkOffsets } from './validate.js';

/** What the top k of every group holds, items identified by their tie key (the post id's rank). */
export interface TopItemFigures {
  /** Groups with at least one row. */
  readonly groups: number;
  /** Distinct items among the top min(k, size) of every group. */
  readonly distinctTopItems: number;
  /** Distinct items ranked #1 somewhere. */
  readonly distinctFirstItems: number;
  /** Groups whose #1 is the #1 of no other group: users with their own #1. */
  readonly groupsWithOwnFirst: number;
}

/**
 * Counts the distinct items of every group's top k and the groups whose #1 no other group shares, with
 * the one ranking rule (score descending, tie key ascending). Tie keys must identify items across groups
 * (the CLI's are post-id ranks), so "the same post" is "the same tie key". Only each group's top k is
 * selected (no full within-group sort): the same rows as the head of `orderWithinGroups`.
 */
export function topItemFigures(
  offsets: Int32Array,
  scores: NumericColumn,
  tieKeys: NumericColumn,
  k: number,
): TopItemFigures {
  checkK(k);
  const groups = checkOffsets(offsets, scores.length);
  checkLength('tieKeys', tieKeys, scores.length);
  const s = scoresForRanking(scores);
  const t = tieKeys instanceof Int32Array ? tieKeys : scoresAsFloat64(tieKeys);
  checkFinite('tieKeys', t);
  let maxSize = 0;
  for (let g = 0; g < groups; g++) maxSize = Math.max(maxSize, offsets[g + 1] - offsets[g]);
  const rows = new Int32Array(Math.min(k, maxSize));
  const top = new Set<number>();
  const firstCount = new Map<number, number>();
  const firsts: number[] = [];
  for (let g = 0; g < groups; g++) {
    const n = selectTopRows(offsets[g], offsets[g + 1], k, s, t, rows);
    if (n === 0) continue;
    for (let i = 0; i < n; i++) top.add(t[rows[i]]);
    const first = t[rows[0]];
    firsts.push(first);
    firstCount.set(first, (firstCount.get(first) ?? 0) + 1);
  }
  let own = 0;
  for (const first of firsts) if (firstCount.get(first) === 1) own++;
  return {
    groups: firsts.length,
    distinctTopItems: top.size,
    distinctFirstItems: firstCount.size,
    groupsWithOwnFirst: own,
  };
}
