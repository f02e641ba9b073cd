import { Option } from 'commander';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { fraction } from './parsers.js';

export interface MakeDatasetOptions {
  mode?: 'strict' | 'lenient';
  maxRejectRate?: number;
}

export const makeDatasetCommand = defineCommand<MakeDatasetOptions>({
  name: 'make-dataset',
  description: 'read, validate and de-duplicate the raw log, split it by day, build the test groups',
  options: (cmd) =>
    cmd
      .addOption(
        new Option(
          '--mode <mode>',
          'strict: stop at the first bad row; lenient: write rejects and go on (config read.mode)',
        ).choices(['strict', 'lenient']),
      )
      .option(
        '--max-reject-rate <x>',
        `lenient: fail when more than this share of the lines is rejected (config read.maxRejectRate, default ${DEFAULT_CONFIG.read.maxRejectRate})`,
        fraction,
      ),
  overrides: (o) => ({ 'read.mode': o.mode, 'read.maxRejectRate': o.maxRejectRate }),
  load: () => import('../commands/make-dataset.js'),
});
