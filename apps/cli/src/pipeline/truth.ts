/**
 * The synthetic generator's ground truth, when present beside the raw log: the true open probability of
 * every candidate, for the oracle baseline and simulatedCtr@10 (DESIGN section 6). Absent for a real log:
 * then neither is reported.
 */
import { existsSync } from 'node:fs';
import { formatDay, utcDay } from '@wemoms/data-schema';
import type { CandidateChunk } from '@wemoms/dataset';
import { loadGroundTruth, type TruthCandidates } from '@wemoms/synthetic';
import type { CliContext } from '../runtime/context.js';
import type { LoadedLog } from './load-log.js';

export interface TruthScorer {
  /** True open probability of every candidate of the chunk (NaN where the truth does not know it). */
  score(chunk: CandidateChunk): Float64Array;
}

/** Loads the ground truth of paths.truth, or null when the log has none. */
export async function loadTruth(ctx: CliContext, loaded: LoadedLog): Promise<TruthScorer | null> {
  if (!existsSync(ctx.paths.truth)) return null;
  const truth = loadGroundTruth(ctx.paths.truth);
  const userIds = loaded.log.columns.user_id.dictionary;
  const postIds = loaded.log.columns.trackable_id.dictionary;
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
    score(chunk) {
      const out = new Float64Array(chunk.length);
      for (let g = 0; g < chunk.groups; g++) {
        const from = chunk.offsets[g];
        const to = chunk.offsets[g + 1];
        const userId = userIds[chunk.user[from]];
        const time = chunk.time[from];
        const day = formatDay(utcDay(time));
        // Whole-group tables (one evaluation per group) when the group is one the generator saved:
        // userDay / impressions groups sit at her first impression of the day, event groups at an open.
        const group: TruthCandidates | null =
          truth.userDayTime(day, userId) === time
            ? truth.userDay(day, userId)
            : truth.event(day, userId, time);
        for (let i = from; i < to; i++) {
          const column = group ? columnOf(group.column, chunk.post[i]) : -1;
          out[i] =
            column >= 0
              ? group!.probabilities[column]
              : truth.openProbability(userId, postIds[chunk.post[i]], time);
        }
      }
      return out;
    },
  };
}
