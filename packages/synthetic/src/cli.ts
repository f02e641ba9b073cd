/**
 * The `wemoms-generate` command line: argument parsing and the summary it prints. bin.ts runs it;
 * the `wemoms generate-data` CLI command wraps generateSyntheticLog the same way.
 */
import { parseArgs } from 'node:util';
import { generateSyntheticLog } from './generate.js';
import { DEFAULT_SYNTHETIC_OPTIONS } from './options.js';

export const DEFAULT_OUT = 'data/raw/WeMoms_MLE_hiring_test_2023.json.gzip';
const HELP = `Usage: wemoms-generate [options]

Writes a realistic synthetic WeMoms impression log (gzip JSON Lines, the raw format) with a known
ground truth. Same seed and options give a byte-identical file.

Options:
  --rows N      lines to write, duplicates included (default ${DEFAULT_SYNTHETIC_OPTIONS.rows})
  --seed N      random seed (default ${DEFAULT_SYNTHETIC_OPTIONS.seed})
  --start DAY   first day, YYYY-MM-DD (default ${DEFAULT_SYNTHETIC_OPTIONS.start})
  --days N      number of days, first and last incomplete (default ${DEFAULT_SYNTHETIC_OPTIONS.days})
  --out PATH    output file (default ${DEFAULT_OUT})
  --truth DIR   also write the ground truth there (for the oracle and simulatedCtr@10)
  --help        show this help
`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new Error(`--${name}: expected an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Runs the command with `argv` (without node and script); resolves to the exit code, throws on bad input. */
export async function runGenerateCli(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  progress: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      days: { type: 'string' },
      out: { type: 'string' },
      truth: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    out(HELP);
    return 0;
  }
  const stats = await generateSyntheticLog({
    rows: integer('rows', values.rows),
    seed: integer('seed', values.seed),
    start: values.start,
    days: integer('days', values.days),
    out: values.out ?? DEFAULT_OUT,
    truth: values.truth,
    onDay: ({ day, rowsWritten }) => progress(`\r${day}: ${rowsWritten} rows`),
  });
  progress('\n');
  out(
    `wrote ${stats.rows} rows (${stats.duplicates} exact duplicates) to ${stats.out} in ${stats.seconds.toFixed(1)} s\n` +
      `  opened ${(100 * stats.openRate).toFixed(2)} %, ${stats.users} users, ${stats.posts} posts, ${stats.firstImpression} .. ${stats.lastImpression}\n` +
      (stats.truth ? `  ground truth in ${stats.truth}\n` : ''),
  );
  return 0;
}
