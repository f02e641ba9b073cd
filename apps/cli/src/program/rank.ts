import { Option } from 'commander';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { isoDay, nonNegativeInteger, positiveInteger } from './parsers.js';

export interface RankOptions {
  date: string;
  user?: string;
  top?: number;
  name?: string;
  limit: number;
  candidates?: 'auto' | 'all' | 'retrieval';
  shortlist?: number;
  recallSample?: number;
}

export const rankCommand = defineCommand<RankOptions>({
  name: 'rank',
  description:
    "the product: top 10 of yesterday's posts for every user active on a day (or one user); table + JSON Lines",
  options: (cmd) =>
    cmd
      .requiredOption(
        '--date <day>',
        'the day d (YYYY-MM-DD): candidates are the posts created on d-1',
        isoDay,
      )
      .option('--user <id>', 'only this user (default: every user active on the day)')
      .option('--top <n>', `posts per user (default ${DEFAULT_CONFIG.rank.topK})`, positiveInteger)
      .option('--name <name>', 'model directory name under models/')
      .option(
        '--limit <n>',
        'users printed in the table (the JSON Lines file has them all)',
        positiveInteger,
        20,
      )
      .addOption(
        new Option(
          '--candidates <how>',
          `all: every post of d-1 for every user; retrieval: a shortlist per user; auto: all up to rank.maxExhaustiveCandidates (${DEFAULT_CONFIG.rank.maxExhaustiveCandidates.toLocaleString('en-US')}) users x posts (default ${DEFAULT_CONFIG.rank.candidates})`,
        ).choices(['auto', 'all', 'retrieval']),
      )
      .option(
        '--shortlist <n>',
        `retrieval: posts shortlisted per slice of the day (default ${DEFAULT_CONFIG.rank.retrieval.shortlist})`,
        positiveInteger,
      )
      .option(
        '--recall-sample <n>',
        `retrieval: users also ranked exhaustively to measure recall of the exact top k (default ${DEFAULT_CONFIG.rank.retrieval.recallSample}; 0: none)`,
        nonNegativeInteger,
      ),
  overrides: (o) => ({
    'rank.topK': o.top,
    'model.name': o.name,
    'rank.candidates': o.candidates,
    'rank.retrieval.shortlist': o.shortlist,
    'rank.retrieval.recallSample': o.recallSample,
  }),
  load: () => import('../commands/rank.js'),
});
