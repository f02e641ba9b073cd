/**
 * The engine `wemoms serve` ranks with: the configured model and the log snapshot, loaded as `rank`
 * loads them, and rankUsers (the code `rank` and `publish` run) for every online request, with the
 * request's context applied to the features before scoring.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { BufferArena, type FeatureFrame } from '@wemoms/features';
import { type RankContext, type ServingEngine, warmFeatureIndexes } from '@wemoms/serving';
import type { CliContext } from '../runtime/context.js';
import { selectCategories } from './categories.js';
import { loadLogSnapshot } from './load-log.js';
import { loadModel } from './load-ranking.js';
import { rankUsers } from './rank-users.js';
import type { FeatureAdjuster } from './score-groups.js';

/** Request context -> the feature it replaces (categorical, coded in the log's dictionary of that field). */
export const CONTEXT_FEATURES = { platform: 'user_platform' } as const;

/** Sets the context's features on every row of a chunk; a value the log never saw becomes missing (-1). */
export function contextAdjuster(context: RankContext): FeatureAdjuster | undefined {
  if (context.platform === null) return undefined;
  const platform = context.platform;
  return (features: FeatureFrame) => {
    const column = features.columns[CONTEXT_FEATURES.platform];
    if (column === undefined || column instanceof Float32Array) return;
    column.codes.fill(column.dictionary.indexOf(platform));
  };
}

export async function loadServingEngine(ctx: CliContext): Promise<ServingEngine> {
  const { config, paths } = ctx;
  const { ranker, model } = await loadModel(ctx);
  const base = await loadLogSnapshot(ctx);
  const stat = statSync(paths.logSnapshot);
  const categories = selectCategories(config.features.categories);
  const chunkRows = config.predict.chunkRows;
  // Catalog, feature context and its indexes now, not in the first request.
  warmFeatureIndexes(base.features);
  // The feature buffers of every request, whatever view (snapshot or live overlay) it ranks against:
  // requests are ranked one at a time and their results copied out before the next one starts.
  const arena = new BufferArena();
  return {
    model,
    base,
    snapshot: `${relative(ctx.workdir, paths.logSnapshot)} (${base.log.length} rows, modified ${stat.mtime.toISOString()})`,
    rank(view, groups, context, topK) {
      const out = [];
      for (const { users } of rankUsers({ ...view, arena }, ranker, categories, groups, {
        topK,
        chunkRows,
        adjust: contextAdjuster(context),
      })) {
        for (const user of users)
          out.push(user.top.map(({ rank, trackable_id, score }) => ({ rank, trackable_id, score })));
      }
      return out;
    },
  };
}
