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
  const tally = new TopItemTally<number>();
  const top: number[] = [];
  for (let g = 0; g < groups; g++) {
    const n = selectTopRows(offsets[g], offsets[g + 1], k, s, t, rows);
    top.length = 0;
    for (let i = 0; i < n; i++) top.push(t[rows[i]]);
    tally.add(top);
  }
  return tally.figures();
}

/**
 * The same figures accumulated one group's top list at a time (best first), for rankings that arrive as lists
 * (`wemoms rank`'s users, a top-10 file): items are anything comparable by identity (post ids, tie keys).
 */
export class TopItemTally<Item> {
  readonly #top = new Set<Item>();
  readonly #firstCount = new Map<Item, number>();
  #groups = 0;

  /** One group's top items, best first; an empty list is not a group. */
  add(top: readonly Item[]): void {
    if (top.length === 0) return;
    for (const item of top) this.#top.add(item);
    this.#firstCount.set(top[0], (this.#firstCount.get(top[0]) ?? 0) + 1);
    this.#groups++;
  }

  figures(): TopItemFigures {
    let own = 0;
    for (const count of this.#firstCount.values()) if (count === 1) own++;
    return {
      groups: this.#groups,
      distinctTopItems: this.#top.size,
      distinctFirstItems: this.#firstCount.size,
      groupsWithOwnFirst: own,
    };
  }
}
