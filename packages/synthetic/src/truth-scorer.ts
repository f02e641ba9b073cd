/**
 * The true open probability of evaluation candidates from the generator's ground truth: what the oracle
 * baseline ranks by and simulatedCtr@10 averages (DESIGN section 6), and the observable ceiling's (the same
 * without the viewer's mood of the day and the (viewer, post) affinity, which no log column reveals).
 * Shared by the CLI's predict and A/B simulation and the demo's per-day metrics, so all score the same
 * candidates the same way.
 */
import { formatDay, utcDay } from '@wemoms/data-schema';
import type { GroundTruth, TruthCandidates } from './ground-truth.js';

/** Candidates of whole groups, a group's rows contiguous and sharing its id, user and time. */
export interface TruthRows {
  readonly length: number;
  readonly groupId: Int32Array;
  readonly user: Int32Array;
  readonly post: Int32Array;
  readonly time: Float64Array;
}

/** Per candidate: the oracle's and the observable ceiling's probabilities (NaN where unknown). */
export interface TruthScores {
  readonly truth: Float64Array;
  readonly ceiling: Float64Array;
}

export interface TruthScorer {
  /** True and observable open probabilities of every candidate. */
  score(rows: TruthRows): TruthScores;
}

/** A scorer over `truth` for a log whose user and post codes index `userIds` and `postIds`. */
export function truthScorer(
  truth: GroundTruth,
  userIds: readonly string[],
  postIds: readonly string[],
): TruthScorer {
  // Per truth table (one per day, shared by its groups): log post code -> table column, filled on first
  // use (UNSEEN) so a candidate costs an array read, not a string-keyed Map lookup.
  const UNSEEN = -2;
  const columnsByTable = new WeakMap<ReadonlyMap<string, number>, Int32Array>();
  const columnOf = (table: ReadonlyMap<string, number>, post: number): number => {
    let columns = columnsByTable.get(table);
    if (!columns) {
      columns = new Int32Array(postIds.length).fill(UNSEEN);
      columnsByTable.set(table, columns);
    }
    let column = columns[post];
    if (column === UNSEEN) {
      column = table.get(postIds[post]) ?? -1;
      columns[post] = column;
    }
    return column;
  };
  return {
    score(rows) {
      const out = new Float64Array(rows.length);
      const ceiling = new Float64Array(rows.length);
      for (let from = 0; from < rows.length; ) {
        let to = from + 1;
        while (to < rows.length && rows.groupId[to] === rows.groupId[from]) to++;
        const userId = userIds[rows.user[from]];
        const time = rows.time[from];
        const day = formatDay(utcDay(time));
        // Whole-group tables (one evaluation per group) when the group is one the generator saved:
        // userDay / impressions groups sit at her first impression of the day, event groups at an open.
        const group: TruthCandidates | null =
          truth.userDayTime(day, userId) === time
            ? truth.userDay(day, userId)
            : truth.event(day, userId, time);
        for (let i = from; i < to; i++) {
          const column = group ? columnOf(group.column, rows.post[i]) : -1;
          if (group && column >= 0) {
            out[i] = group.probabilities[column];
            ceiling[i] = group.observable[column];
          } else {
            const postId = postIds[rows.post[i]];
            out[i] = truth.openProbability(userId, postId, time);
            ceiling[i] = truth.observableOpenProbability(userId, postId, time);
          }
        }
        from = to;
      }
      return { truth: out, ceiling };
    },
  };
}
