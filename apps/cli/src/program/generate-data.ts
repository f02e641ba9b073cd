import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { integer, positiveInteger } from './parsers.js';

export interface GenerateDataOptions {
  rows?: number;
  seed?: number;
  ifMissing?: boolean;
  force?: boolean;
}

export const generateDataCommand = defineCommand<GenerateDataOptions>({
  name: 'generate-data',
  description: 'generate the seeded synthetic raw log (and its ground truth) at paths.raw',
  options: (cmd) =>
    cmd
      .option(
        '--rows <n>',
        `rows to generate (config synthetic.rows, default ${DEFAULT_CONFIG.synthetic.rows})`,
        positiveInteger,
      )
      .option(
        '--seed <n>',
        `generator seed (config synthetic.seed, default ${DEFAULT_CONFIG.synthetic.seed})`,
        integer,
      )
      .option('--if-missing', 'do nothing when the raw log already exists')
      .option('--force', 'overwrite an existing raw log'),
  overrides: (o) => ({ 'synthetic.rows': o.rows, 'synthetic.seed': o.seed }),
  load: () => import('../commands/generate-data.js'),
});
