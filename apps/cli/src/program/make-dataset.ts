import { Option } from 'commander';
import { defineCommand } from './define.js';

export interface MakeDatasetOptions {
  mode?: 'strict' | 'lenient';
}

export const makeDatasetCommand = defineCommand<MakeDatasetOptions>({
  name: 'make-dataset',
  description: 'read, validate and de-duplicate the raw log, split it by day, build the test groups',
  options: (cmd) =>
    cmd.addOption(
      new Option(
        '--mode <mode>',
        'strict: stop at the first bad row; lenient: write rejects and go on (config read.mode)',
      ).choices(['strict', 'lenient']),
    ),
  overrides: (o) => ({ 'read.mode': o.mode }),
  load: () => import('../commands/make-dataset.js'),
});
