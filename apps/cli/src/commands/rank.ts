/**
 * `wemoms rank --date D [--user ID]`: the product. For every user active on D (or one user), the top k
 * of the posts created on D-1, scored as of her first impression that day. Prints a table and writes
 * reports/rank-D.jsonl, one line per user:
 * {"date","user_id","candidate_time","candidates","top":[{"rank","trackable_id","score","opened"}]}.
 * Never sampled: every active user is ranked.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { formatTimestampMicros, parseDay } from '@wemoms/data-schema';
import { buildServingGroups, countCandidates, subsetGroups } from '@wemoms/dataset';
import { loadRanker } from '@wemoms/model/node';
import { requireFile } from '../io/require-file.js';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import { scoreGroups } from '../pipeline/score-groups.js';
import type { RankOptions } from '../program/rank.js';
import { activateBackend } from '../runtime/backend.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatCount, formatTable } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export interface RankLine {
  date: string;
  user_id: string;
  candidate_time: string;
  candidates: number;
  top: { rank: number; trackable_id: string; score: number; opened: boolean }[];
}

export async function run(ctx: CliContext, options: RankOptions): Promise<void> {
  const { config, paths } = ctx;
  await runStage(ctx, 'rank', async () => {
    const day = parseDay(options.date);
    requireFile(`${paths.modelDir}/model.json`, 'trained model', 'train', ctx.workdir);
    await activateBackend(ctx);
    const ranker = await loadRanker(paths.modelDir);
    const loaded = await loadLogSnapshot(ctx);
    const { log } = loaded;
    const userIds = log.columns.user_id.dictionary;
    const postIds = log.columns.trackable_id.dictionary;
    let groups = buildServingGroups(log, loaded.catalog, day);
    if (options.user !== undefined) {
      const g = Array.from(groups.user).findIndex((u) => userIds[u] === options.user);
      if (g < 0) {
        throw new CliError(
          userIds.includes(options.user)
            ? `user ${options.user} has no impression on ${options.date}: nothing to rank`
            : `unknown user ${options.user} (not in the log)`,
        );
      }
      groups = subsetGroups(groups, Int32Array.of(g));
    }
    if (groups.length === 0)
      throw new CliError(`no user has an impression on ${options.date}: nothing to rank`);
    const candidatesPerUser = countCandidates(groups, loaded.catalog) / groups.length;
    if (candidatesPerUser === 0)
      throw new CliError(`no post was created on the day before ${options.date}: nothing to rank`);

    const out = paths.rankFile(options.date);
    mkdirSync(dirname(out), { recursive: true });
    const temp = `${out}.tmp-${process.pid}`;
    const stream = createWriteStream(temp);
    const shown: RankLine[] = [];
    const topK = config.rank.topK;
    const total = countCandidates(groups, loaded.catalog);
    const task = ctx.progress.start('rank', total, 'candidates');
    try {
      for (const scored of scoreGroups(
        loaded,
        ranker,
        selectCategories(config.features.categories),
        groups,
        config.predict.chunkRows,
      )) {
        const { chunk, scores, ranks } = scored;
        let text = '';
        for (let h = 0; h < chunk.groups; h++) {
          const from = chunk.offsets[h];
          const to = chunk.offsets[h + 1];
          const top: RankLine['top'] = new Array(Math.min(topK, to - from));
          for (let i = from; i < to; i++) {
            const r = ranks[i];
            if (r <= topK)
              top[r - 1] = {
                rank: r,
                trackable_id: postIds[chunk.post[i]],
                score: scores[i],
                opened: chunk.label[i] === 1,
              };
          }
          const line: RankLine = {
            date: options.date,
            user_id: userIds[chunk.user[from]],
            candidate_time: formatTimestampMicros(chunk.time[from]),
            candidates: to - from,
            top,
          };
          if (shown.length < options.limit) shown.push(line);
          text += `${JSON.stringify(line)}\n`;
        }
        if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
        task.tick(chunk.length);
      }
      task.done();
      await new Promise<void>((resolve, reject) =>
        stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
      renameSync(temp, out);
    } catch (error) {
      task.done();
      stream.destroy();
      rmSync(temp, { force: true });
      throw error;
    }

    const rowsOut: string[][] = [];
    for (const line of shown) {
      for (const t of line.top) {
        rowsOut.push([
          t.rank === 1 ? line.user_id : '',
          String(t.rank),
          t.trackable_id,
          t.score.toFixed(4),
          t.opened ? 'yes' : '',
        ]);
      }
    }
    ctx.print(formatTable(['user_id', 'rank', 'trackable_id', 'score', 'opened'], rowsOut));
    if (groups.length > shown.length)
      ctx.print(
        `... ${formatCount(groups.length - shown.length)} more users in ${relative(ctx.workdir, out)}`,
      );
    return {
      count: total,
      unit: 'candidates',
      figures: { users: groups.length, candidates: total },
      summary: `${formatCount(groups.length)} users x ${formatCount(candidatesPerUser)} posts of the day before -> ${relative(ctx.workdir, out)}`,
    };
  });
}
