import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { integer, positiveInteger } from './parsers.js';

export interface EvaluateOptions {
  k?: number;
  maxGroups?: number;
  seed?: number;
  /** false with --no-report: metrics.json and metrics.md only, no reports/report.html. */
  report?: boolean;
}

export const evaluateCommand = defineCommand<EvaluateOptions>({
  name: 'evaluate',
  description:
    'metrics of the model and the random / popularity / oracle baselines; writes reports/metrics.{json,md}',
  options: (cmd) =>
    cmd
      .option(
        '--k <n>',
        `cut-off of MAP@k, NDCG@k, CTR@k (default ${DEFAULT_CONFIG.evaluate.k})`,
        positiveInteger,
      )
      .option(
        '--max-groups <n>',
        'sample at most n groups per grouping and test day (default: all)',
        positiveInteger,
      )
      .option(
        '--seed <n>',
        `seed of the random baseline and of group sampling (default ${DEFAULT_CONFIG.evaluate.seed})`,
        integer,
      )
      .option('--no-report', 'skip reports/report.html (charts, intervals, importance): metrics files only'),
  overrides: (o) => ({ 'evaluate.maxGroups': o.maxGroups, 'evaluate.seed': o.seed, 'evaluate.k': o.k }),
  load: () => import('../commands/evaluate.js'),
});
