/**
 * The per-group record of a walk (`GroupSink`) and the `GroupMetrics` it becomes: shared by
 * `evaluateRanking` (its `perGroup` option) and `evaluateGroups`.
 */

import type { PreparedGroups } from './prepare.js';
import type { GroupSink } from './walk.js';

/** One ranker's metrics on one grouping, group by group (arrays of length `groups`). */
export interface GroupMetrics {
  readonly k: number;
  readonly groups: number;
  /** Candidates per group. */
  readonly size: Int32Array;
  /** Positives (label > 0) per group; groups with none are left out of the label metrics. */
  readonly positives: Int32Array;
  /** AP@k, NDCG@k, 1 / rank of the first positive; NaN for a group without positive. */
  readonly ap: Float64Array;
  readonly ndcg: Float64Array;
  readonly rr: Float64Array;
  /** Positives ranked within the top k (the numerator of CTR@k). */
  readonly topOpened: Int32Array;
  /** Sum of the true open probabilities of the top min(k, size) rows; null without ground truth. */
  readonly truthTop: Float64Array | null;
  /** Rank (1-based) of each positive, best first: group g's are `positiveRanks[positiveOffsets[g] ..]`. */
  readonly positiveOffsets: Int32Array;
  readonly positiveRanks: Int32Array;
}

/** An empty sink for the groups of `prepared` (label metrics NaN until a group with a positive fills them). */
export function createGroupSink(prepared: PreparedGroups): GroupSink {
  return {
    ap: new Float64Array(prepared.groups).fill(Number.NaN),
    ndcg: new Float64Array(prepared.groups).fill(Number.NaN),
    rr: new Float64Array(prepared.groups).fill(Number.NaN),
    truthTop: new Float64Array(prepared.groups),
    positiveRanks: new Int32Array(prepared.positives),
  };
}

/** The `GroupMetrics` of a walked sink. */
export function finishGroupMetrics(prepared: PreparedGroups, sink: GroupSink, k: number): GroupMetrics {
  const { groups, offsets, positiveOffsets } = prepared;
  const size = new Int32Array(groups);
  const positives = new Int32Array(groups);
  const topOpened = new Int32Array(groups);
  for (let g = 0; g < groups; g++) {
    size[g] = offsets[g + 1] - offsets[g];
    positives[g] = positiveOffsets[g + 1] - positiveOffsets[g];
    let opened = 0;
    for (let i = positiveOffsets[g]; i < positiveOffsets[g + 1]; i++)
      if (sink.positiveRanks[i] <= k) opened++;
    topOpened[g] = opened;
  }
  return {
    k,
    groups,
    size,
    positives,
    ap: sink.ap,
    ndcg: sink.ndcg,
    rr: sink.rr,
    topOpened,
    truthTop: prepared.truth ? sink.truthTop : null,
    positiveOffsets,
    positiveRanks: sink.positiveRanks,
  };
}
