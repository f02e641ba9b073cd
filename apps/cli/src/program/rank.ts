import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { isoDay, positiveInteger } from './parsers.js';

export interface RankOptions {
  date: string;
  user?: string;
  top?: number;
  name?: string;
  limit: number;
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
      ),
  overrides: (o) => ({ 'rank.topK': o.top, 'model.name': o.name }),
  load: () => import('../commands/rank.js'),
});
