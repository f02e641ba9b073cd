import { Option } from 'commander';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { defineCommand } from './define.js';
import { integer, isoDay, positiveInteger } from './parsers.js';

export interface BenchOptions {
  rows: number;
  /** An existing raw log to reuse (its `truth` directory beside it too, when present): no generate-data. */
  log?: string;
  seed: number;
  maxGroups?: number;
  out?: string;
  keep?: boolean;
  /** Only these stages (names as in the table); the one-process run is then skipped. */
  stages?: string[];
  rankDate?: string;
  rankCandidates?: 'auto' | 'all' | 'retrieval';
  mode?: 'strict' | 'lenient';
}

export const benchCommand = defineCommand<BenchOptions>({
  name: 'bench',
  description:
    'every stage as a child process on a fresh synthetic log, then all in one process; wall and CPU time, rows/s, peak RSS',
  options: (cmd) =>
    cmd
      .option('--rows <n>', 'rows of the synthetic log', positiveInteger, 100_000)
      .option('--seed <n>', 'generator seed', integer, DEFAULT_CONFIG.synthetic.seed)
      .option(
        '--log <file>',
        'reuse this raw log (and the truth/ directory beside it) instead of generating one; --rows is then ignored',
      )
      .option(
        '--max-groups <n>',
        'sample at most n groups per grouping and test day in predict/evaluate',
        positiveInteger,
      )
      .option('--out <file>', 'JSON results file (default <workdir>/reports/bench-<rows>.json)')
      .option('--keep', 'keep the temporary workdir')
      .option(
        '--stages <names...>',
        'only these stages (generate-data make-dataset build-features merge-features train predict evaluate rank), in pipeline order; skips the one-process run',
      )
      .option('--rank-date <day>', 'the day rank ranks (default: the first test day)', isoDay)
      .addOption(
        new Option('--rank-candidates <how>', 'rank --candidates: auto, all or retrieval').choices([
          'auto',
          'all',
          'retrieval',
        ]),
      )
      .addOption(
        new Option('--mode <mode>', 'make-dataset --mode: strict (default) or lenient').choices([
          'strict',
          'lenient',
        ]),
      ),
  load: () => import('../commands/bench.js'),
});
