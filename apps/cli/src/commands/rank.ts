/**
 * `wemoms rank --date D [--user ID]`: the product. For every user active on D (or one user), the top k
 * of the posts created on D-1, scored as of her first impression that day. Prints a table and writes
 * reports/rank-D.jsonl, one line per user:
 * {"date","user_id","candidate_time","candidates","top":[{"rank","trackable_id","score","opened"}]}.
 * Never sampled: every active user is ranked.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { formatTimestampMicros } from '@wemoms/data-schema';
import { countCandidates } from '@wemoms/dataset';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import { dayGroups, loadModel } from '../pipeline/load-ranking.js';
import { rankUsers } from '../pipeline/rank-users.js';
import type { RankOptions } from '../program/rank.js';
import type { CliContext } from '../runtime/context.js';
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
    const { ranker } = await loadModel(ctx, 'rank');
    const loaded = await loadLogSnapshot(ctx);
    const groups = dayGroups(loaded, options.date, options.user);
    const candidatesPerUser = countCandidates(groups, loaded.catalog) / groups.length;

    const out = paths.rankFile(options.date);
    mkdirSync(dirname(out), { recursive: true });
    const temp = `${out}.tmp-${process.pid}`;
    const stream = createWriteStream(temp);
    const shown: RankLine[] = [];
    const topK = config.rank.topK;
    const total = countCandidates(groups, loaded.catalog);
    const task = ctx.progress.start('rank', total, 'candidates');
    try {
      for (const { users, candidates } of rankUsers(
        loaded,
        ranker,
        selectCategories(config.features.categories),
        groups,
        { topK, chunkRows: config.predict.chunkRows },
      )) {
        let text = '';
        for (const user of users) {
          const line: RankLine = {
            date: options.date,
            user_id: user.user_id,
            candidate_time: formatTimestampMicros(user.time),
            candidates: user.candidates,
            top: user.top,
          };
          if (shown.length < options.limit) shown.push(line);
          text += `${JSON.stringify(line)}\n`;
        }
        if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
        task.tick(candidates);
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
