import { Option } from 'commander';
import { DEFAULT_CONFIG, GROUPINGS, type Grouping } from '../config/schema.js';
import { defineCommand } from './define.js';
import { positiveInteger } from './parsers.js';

export interface PredictOptions {
  csv?: boolean;
  writeFeatures?: boolean;
  chunkRows?: number;
  maxGroups?: number;
  grouping?: Grouping[];
  name?: string;
}

export const predictCommand = defineCommand<PredictOptions>({
  name: 'predict',
  aliases: ['make-predictions'],
  description:
    'score every test candidate (as-of features, streamed), write predictions and the top 10 per group',
  options: (cmd) =>
    cmd
      .option('--csv', 'also write reports/predictions.csv')
      .option('--write-features', 'also write data/processed/test_features.parquet')
      .option(
        '--chunk-rows <n>',
        `candidates per streamed chunk (default ${DEFAULT_CONFIG.predict.chunkRows})`,
        positiveInteger,
      )
      .option(
        '--max-groups <n>',
        'sample at most n groups per grouping and test day (default: all)',
        positiveInteger,
      )
      .addOption(
        new Option('--grouping <name...>', 'groupings to score (default all three)').choices([...GROUPINGS]),
      )
      .option('--name <name>', 'model directory name under models/'),
  overrides: (o) => ({
    'predict.csv': o.csv,
    'predict.writeFeatures': o.writeFeatures,
    'predict.chunkRows': o.chunkRows,
    'evaluate.maxGroups': o.maxGroups,
    'evaluate.groupings': o.grouping,
    'model.name': o.name,
  }),
  load: () => import('../commands/predict.js'),
});
