/**
 * The product's ranking, shared by `wemoms rank` (JSON Lines), `wemoms publish` (feed store) and the
 * online service (`wemoms serve`): every group of `groups` scored by scoreAndRankGroups (as-of features, model,
 * rank within the group with the post-id tie-break), reduced to its top k, one batch per chunk.
 */
import type { TestGroups } from '@wemoms/dataset';
import type { Ranker } from '@wemoms/model';
import type { LoadedLog } from './load-log.js';
import { type FeatureAdjuster, scoreAndRankGroups, topRowsOfGroups } from './score-groups.js';

export interface RankedPost {
  rank: number;
  trackable_id: string;
  score: number;
  /** Whether the log shows her opening it that day (the group's label). */
  opened: boolean;
}

export interface RankedUser {
  user_id: string;
  /** Candidate time, UTC epoch µs. */
  time: number;
  candidates: number;
  top: RankedPost[];
}

export interface RankUsersOptions {
  topK: number;
  chunkRows: number;
  /** Changes a chunk's features before scoring (the online service's request context). */
  adjust?: FeatureAdjuster;
}

/** The top `topK` of every group, a batch of users per scored chunk (groups in order). */
export function* rankUsers(
  loaded: LoadedLog,
  ranker: Ranker,
  categories: readonly string[],
  groups: TestGroups,
  options: RankUsersOptions,
): Generator<{ users: RankedUser[]; candidates: number }> {
  const userIds = loaded.log.columns.user_id.dictionary;
  const postIds = loaded.log.columns.trackable_id.dictionary;
  const { topK } = options;
  for (const { chunk, scores, ranks } of scoreAndRankGroups(
    loaded,
    ranker,
    categories,
    groups,
    options.chunkRows,
    undefined,
    options.adjust,
  )) {
    const best = topRowsOfGroups(chunk.offsets, ranks, topK);
    const users: RankedUser[] = new Array(chunk.groups);
    for (let h = 0; h < chunk.groups; h++) {
      const from = chunk.offsets[h];
      const top: RankedPost[] = [];
      for (let r = 0; r < topK && best[h * topK + r] >= 0; r++) {
        const i = best[h * topK + r];
        top.push({
          rank: r + 1,
          trackable_id: postIds[chunk.post[i]],
          score: scores[i],
          opened: chunk.label[i] === 1,
        });
      }
      users[h] = {
        user_id: userIds[chunk.user[from]],
        time: chunk.time[from],
        candidates: chunk.offsets[h + 1] - from,
        top,
      };
    }
    yield { users, candidates: chunk.length };
  }
}
