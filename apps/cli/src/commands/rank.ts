/**
 * `wemoms rank --date D [--user ID]`: the product. For every user active on D (or one user), the top k
 * of the posts created on D-1, scored as of her first impression that day. Prints a table and writes
 * reports/rank-D.jsonl (with --user: reports/rank-D-<user>.jsonl), one line per user:
 * {"date","user_id","candidate_time","candidates","top":[{"rank","trackable_id","score","opened"}]}.
 * Never sampled: every active user is ranked. Past rank.maxExhaustiveCandidates users x posts (or with
 * --candidates retrieval) each user's candidates come from the retrieval stage of
 * pipeline/candidate-generation.ts, whose recall of the exact top k is measured and reported.
 */
import { relative } from 'node:path';
import { formatTimestampMicros } from '@wemoms/data-schema';
import { countCandidates } from '@wemoms/dataset';
import { TopItemTally } from '@wemoms/metrics';
import { type RetrievalResult, retrieveCandidates } from '../pipeline/candidate-generation.js';
import { selectCategories } from '../pipeline/categories.js';
import { loadLogSnapshot } from '../pipeline/load-log.js';
import { dayGroups, loadModel } from '../pipeline/load-ranking.js';
import { rankUsers } from '../pipeline/rank-users.js';
import type { RankOptions } from '../program/rank.js';
import { AtomicTextFile } from '../runtime/atomic-text-file.js';
import type { CliContext } from '../runtime/context.js';
import { parseDayOption } from '../runtime/days.js';
import { formatCount, formatTable } from '../runtime/format.js';
import { runStage } from '../runtime/stage.js';

export interface RankLine {
  date: string;
  user_id: string;
  candidate_time: string;
  candidates: number;
  top: { rank: number; trackable_id: string; score: number; opened: boolean }[];
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
    parseDayOption('--date', options.date); // a bad day fails before anything is loaded
    const loaded = await loadLogSnapshot(ctx);
    const groups = dayGroups(loaded, options.date, options.user);
    warnAboutSplitDay(ctx, options.date);
    const { ranker } = await loadModel(ctx);
    const categories = selectCategories(config.features.categories);
    const topK = config.rank.topK;
    const exhaustive = countCandidates(groups, loaded.catalog);
    const candidatesPerUser = exhaustive / groups.length;
    const { candidates: how, maxExhaustiveCandidates, retrieval: retrievalConfig } = config.rank;
    const useRetrieval = how === 'retrieval' || (how === 'auto' && exhaustive > maxExhaustiveCandidates);
    let retrieval: RetrievalResult | null = null;
    if (useRetrieval) {
      ctx.progress.log(
        `rank: candidate generation (${how === 'auto' ? `auto: ${formatCount(exhaustive)} candidates > rank.maxExhaustiveCandidates` : 'rank.candidates retrieval'}): ` +
          `shortlisting ${formatCount(retrievalConfig.shortlist)} of ${formatCount(candidatesPerUser)} posts per slice of the day from ${retrievalConfig.probeUsers} probe users x ${retrievalConfig.timeSlices} slices`,
      );
      retrieval = retrieveCandidates(loaded, ranker, categories, groups, topK, {
        ...retrievalConfig,
        chunkRows: config.predict.chunkRows,
      });
    }
    const batches = retrieval ? retrieval.slices : [groups];
    const total = retrieval ? retrieval.candidates : exhaustive;

    const file = new AtomicTextFile(out);
    const shown: RankLine[] = [];
    const task = ctx.progress.start('rank', total, 'candidates');
    // How personal the day's feed is: distinct posts in the top k's, users whose #1 nobody else gets.
    const tally = new TopItemTally<string>();
    const ranked = function* () {
      for (const batch of batches)
        yield* rankUsers(loaded, ranker, categories, batch, { topK, chunkRows: config.predict.chunkRows });
    };
    try {
      for (const { users, candidates } of ranked()) {
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
          tally.add(user.top.map((t) => t.trackable_id));
          text += `${JSON.stringify(line)}\n`;
        }
        await file.write(text);
        task.tick(candidates);
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
    const figures: Record<string, number> = { users: groups.length, candidates: total };
    let method = '';
    if (retrieval) {
      const r = retrieval;
      figures.exhaustiveCandidates = exhaustive;
      figures.shortlist = r.shortlist;
      figures.probeCandidates = r.probeCandidates;
      method =
        `; retrieval: ${formatCount(r.candidates / groups.length)} candidates per user ` +
        `(a ${formatCount(r.shortlist)}-post shortlist + her own seen posts), ${(exhaustive / r.candidates).toFixed(0)}x fewer`;
      if (r.recall) {
        const q = r.recall;
        Object.assign(figures, {
          recallUsers: q.users,
          recallAtK: q.recall,
          identicalTopKShare: q.identicalShare,
          exactTopKMeanScore: q.exactMeanScore,
          retrievalTopKMeanScore: q.retrievalMeanScore,
          recallCandidates: q.candidates,
        });
        method +=
          `; recall@${q.k} of the exact top ${q.k} on ${formatCount(q.users)} sampled users ${q.recall.toFixed(3)}, ` +
          `identical top ${q.k} for ${(100 * q.identicalShare).toFixed(1)} %, mean top-${q.k} score ${q.retrievalMeanScore.toFixed(4)} vs exact ${q.exactMeanScore.toFixed(4)}`;
      }
      ctx.progress.log(`rank${method}`);
    }
    const personal = tally.figures();
    const ownFirstShare = personal.groups > 0 ? personal.groupsWithOwnFirst / personal.groups : 0;
    Object.assign(figures, {
      distinctTopPosts: personal.distinctTopItems,
      distinctFirstPosts: personal.distinctFirstItems,
      usersWithOwnFirst: personal.groupsWithOwnFirst,
    });
    return {
      count: total,
      unit: 'candidates',
      figures,
      summary:
        `${formatCount(groups.length)} users x ${formatCount(candidatesPerUser)} posts of the day before${retrieval ? ' (retrieval)' : ''} -> ${relative(ctx.workdir, out)}; ` +
        `${formatCount(personal.distinctTopItems)} distinct posts in the top ${topK}s, ${formatCount(personal.distinctFirstItems)} distinct #1s, ` +
        `${(100 * ownFirstShare).toFixed(1)} % of users with their own #1`,
    };
  });
}
