/**
 * `wemoms rank --date D [--user ID]`: the product. For every user active on D (or one user), the top k
 * of the posts created on D-1, scored as of her first impression that day. Prints a table and writes
 * reports/rank-D.jsonl (with --user: reports/rank-D-<user>.jsonl), one line per user:
 * {"date","user_id","candidate_time","candidates","top":[{"rank","trackable_id","score","opened"}]}.
 * Never sampled: every active user is ranked.
 */
import { relative } from 'node:path';
import { formatDay, formatTimestampMicros, utcDay } from '@wemoms/data-schema';
import { buildServingGroups, countCandidates, subsetGroups } from '@wemoms/dataset';
import { loadRanker, selectBackend } from '@wemoms/model/node';
import { requireFile } from '../io/require-file.js';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import { scoreGroups } from '../pipeline/score-groups.js';
import type { RankOptions } from '../program/rank.js';
import { AtomicTextFile } from '../runtime/atomic-text-file.js';
import type { CliContext } from '../runtime/context.js';
import { parseDayOption } from '../runtime/days.js';
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

/** The first and last UTC day with an impression. */
function logDays(times: Float64Array): { first: number; last: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { first: utcDay(min), last: utcDay(max) };
}

/**
 * Ranking a day the model trained on (or early-stopped on) works, but its scores and the `opened`
 * column then flatter the model: say so.
 */
function warnAboutSplitDay(ctx: CliContext, date: string): void {
  const { train, eval: evalRange } = ctx.config.split;
  const within = (range: { first: string; last: string }) => range.first <= date && date <= range.last;
  if (within(train)) {
    ctx.progress.log(
      `rank: warning: ${date} is a train day (split.train ${train.first}..${train.last}): the model learned ` +
        "from this day's opens, so its scores and the opened column overstate how it ranks a new day",
    );
  } else if (within(evalRange)) {
    ctx.progress.log(
      `rank: warning: ${date} is an eval day (split.eval ${evalRange.first}..${evalRange.last}): training ` +
        'stopped at the epoch that did best on it, so the scores flatter the model a little',
    );
  }
}

export async function run(ctx: CliContext, options: RankOptions): Promise<void> {
  const { config, paths } = ctx;
  // One user's ranking goes to its own file: the day file always holds every active user.
  const out =
    options.user === undefined
      ? paths.rankFile(options.date)
      : paths.rankUserFile(options.date, options.user);
  // Ranks of other days or users may run beside it: it locks only its own file.
  await runStage(ctx, 'rank', { outputs: [out], lock: 'outputs' }, async () => {
    const day = parseDayOption('--date', options.date);
    requireFile(`${paths.modelDir}/model.json`, 'trained model', 'train', ctx.workdir);
    await selectBackend(config.model.backend, { log: (m) => ctx.progress.log(`rank: ${m}`) });
    const ranker = await loadRanker(paths.modelDir);
    const loaded = await loadLogSnapshot(ctx);
    const { log } = loaded;
    const userIds = log.columns.user_id.dictionary;
    const postIds = log.columns.trackable_id.dictionary;
    const span = logDays(log.columns.tracker_created_at);
    const logRange = `${formatDay(span.first)}..${formatDay(span.last)}`;
    if (day < span.first || day > span.last)
      throw new CliError(`${options.date} is outside the log, which covers ${logRange}`);
    warnAboutSplitDay(ctx, options.date);
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
      throw new CliError(
        `no user has an impression on ${options.date} (the log covers ${logRange}): nothing to rank`,
      );
    const candidatesPerUser = countCandidates(groups, loaded.catalog) / groups.length;
    if (candidatesPerUser === 0)
      throw new CliError(`no post was created on the day before ${options.date}: nothing to rank`);

    const file = new AtomicTextFile(out);
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
        await file.write(text);
        task.tick(chunk.length);
      }
      task.done();
      await file.close();
    } catch (error) {
      task.done();
      file.abort();
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
