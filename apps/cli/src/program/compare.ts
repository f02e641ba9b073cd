import { defineCommand } from './define.js';
import { positiveInteger } from './parsers.js';

export interface CompareOptions {
  /** Names of `compare.models` entries to run (default: all). */
  models?: string[];
  maxGroups?: number;
}

export const compareCommand = defineCommand<CompareOptions>({
  name: 'compare',
  description:
    'train every ranker of compare.models on the same split, score each through predict and evaluate; leaderboard in reports/leaderboard.{json,md}',
  options: (cmd) =>
    cmd
      .option('--models <name...>', 'run only these entries of compare.models (default: all)')
      .option(
        '--max-groups <n>',
        'sample at most n test groups per grouping and day for each ranker (default compare.maxGroups: all)',
        positiveInteger,
      ),
  overrides: (o) => ({ 'compare.maxGroups': o.maxGroups }),
  load: () => import('../commands/compare.js'),
});
