import { Option } from 'commander';
import { defineCommand } from './define.js';

export interface ExploreOptions {
  source: 'auto' | 'raw' | 'snapshot';
  mode?: 'strict' | 'lenient';
}

export const exploreCommand = defineCommand<ExploreOptions>({
  name: 'explore',
  description:
    'exploratory analysis of the log: column profile, duplicates, open rate by segment, long tails, days; writes reports/explore.{md,html}',
  options: (cmd) =>
    cmd
      .addOption(
        new Option(
          '--source <source>',
          'raw: the raw log as read (duplicates and conflicting labels visible); snapshot: data/interim/log.parquet (faster, de-duplicated); auto: raw when present',
        )
          .choices(['auto', 'raw', 'snapshot'])
          .default('auto'),
      )
      .addOption(
        new Option('--mode <mode>', 'reading the raw log: strict or lenient (config read.mode)').choices([
          'strict',
          'lenient',
        ]),
      ),
  overrides: (o) => ({ 'read.mode': o.mode }),
  load: () => import('../commands/explore.js'),
});
