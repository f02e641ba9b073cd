/**
 * The `wemoms` command tree (commander). Each command maps its flags to config overrides, builds the
 * context, and lazily imports its handler so `wemoms --help` never loads TensorFlow.js or parquet code.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ConfigOverrides } from './config/load.js';
import { DEFAULT_CONFIG, GROUPINGS } from './config/schema.js';
import { type CliContext, type CliIo, createContext, type GlobalOptions } from './runtime/context.js';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  return n;
}
function positiveInteger(value: string): number {
  const n = integer(value.replaceAll('_', ''));
  if (n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}
function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}
function isoDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new InvalidArgumentError(`expected a day as YYYY-MM-DD, got "${value}"`);
  return value;
}

// Each handler declares its own option shape; commander's parsed options are passed through as is.
type Handler = (ctx: CliContext, options: never) => Promise<void>;
type HandlerModule = { run: Handler };

/** Builds the program; `io` receives all output (tests pass buffers). */
export function buildProgram(io: CliIo): Command {
  const program = new Command('wemoms')
    .description(
      "WeMoms feed ranker: learn from the impression log which of yesterday's posts each user will open, rank them, measure it.",
    )
    .option('-w, --workdir <dir>', 'directory holding data/, models/, reports/ and wemoms.config.json', '.')
    .option('-c, --config <file>', 'config file (default: <workdir>/wemoms.config.json, .yaml or .yml)')
    .option('--raw <path>', `raw log to read instead of paths.raw (default ${DEFAULT_CONFIG.paths.raw})`)
    .option('-v, --verbose', 'print stack traces on errors')
    .option('-q, --quiet', 'no progress output (stage summaries still print)')
    .addOption(
      new Option('--stats-file <path>', 'append per-stage stats as JSON lines (used by bench)').hideHelp(),
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const command = (
    name: string,
    description: string,
    load: () => Promise<HandlerModule>,
    overrides: (o: Record<string, unknown>) => ConfigOverrides = () => ({}),
  ): Command => {
    const cmd = program.command(name).description(description);
    cmd.action(async (options: Record<string, unknown>, self: Command) => {
      const global = self.optsWithGlobals() as GlobalOptions;
      const ctx = createContext(global, overrides(options), io);
      const module = await load();
      await module.run(ctx, options as never);
    });
    return cmd;
  };

  command(
    'generate-data',
    'generate the seeded synthetic raw log (and its ground truth) at paths.raw',
    () => import('./commands/generate-data.js'),
    (o) => ({ 'synthetic.rows': o.rows, 'synthetic.seed': o.seed }),
  )
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
    .option('--force', 'overwrite an existing raw log');

  command(
    'make-dataset',
    'read, validate and de-duplicate the raw log, split it by day, build the test groups',
    () => import('./commands/make-dataset.js'),
    (o) => ({ 'read.mode': o.mode }),
  ).addOption(
    new Option(
      '--mode <mode>',
      'strict: stop at the first bad row; lenient: write rejects and go on (config read.mode)',
    ).choices(['strict', 'lenient']),
  );

  command(
    'build-features',
    'build feature categories (one parquet file each) for the train and eval rows',
    () => import('./commands/build-features.js'),
  ).option('--category <name...>', 'only these categories (default: config features.categories, or all)');

  command(
    'merge-features',
    'join the category files into data/processed/features.parquet',
    () => import('./commands/merge-features.js'),
  );

  command(
    'train',
    'train the TensorFlow.js ranker on train rows, early-stopping on eval rows; save it to models/<name>',
    () => import('./commands/train.js'),
    (o) => ({
      'model.name': o.name,
      'model.epochs': o.epochs,
      'model.learningRate': o.learningRate,
      'model.patience': o.patience,
      'model.batchSize': o.batchSize,
      'model.seed': o.seed,
      'model.backend': o.backend,
    }),
  )
    .option('--name <name>', `model directory name (default ${DEFAULT_CONFIG.model.name})`)
    .option('--epochs <n>', `maximum epochs (default ${DEFAULT_CONFIG.model.epochs})`, positiveInteger)
    .option(
      '--learning-rate <x>',
      `Adam learning rate (default ${DEFAULT_CONFIG.model.learningRate})`,
      positiveNumber,
    )
    .option(
      '--patience <n>',
      `early-stopping patience in epochs (default ${DEFAULT_CONFIG.model.patience})`,
      positiveInteger,
    )
    .option(
      '--batch-size <n>',
      `mini-batch size (default ${DEFAULT_CONFIG.model.batchSize})`,
      positiveInteger,
    )
    .option('--seed <n>', `initialisation and shuffling seed (default ${DEFAULT_CONFIG.model.seed})`, integer)
    .addOption(
      new Option(
        '--backend <name>',
        `TensorFlow.js backend (default ${DEFAULT_CONFIG.model.backend})`,
      ).choices(['auto', 'tensorflow', 'wasm', 'cpu']),
    );

  const predictOverrides = (o: Record<string, unknown>): ConfigOverrides => ({
    'predict.csv': o.csv,
    'predict.writeFeatures': o.writeFeatures,
    'predict.chunkRows': o.chunkRows,
    'evaluate.maxGroups': o.maxGroups,
    'evaluate.groupings': o.grouping,
    'model.name': o.name,
  });
  command(
    'predict',
    'score every test candidate (as-of features, streamed), write predictions and the top 10 per group',
    () => import('./commands/predict.js'),
    predictOverrides,
  )
    .alias('make-predictions')
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
    .option('--name <name>', 'model directory name under models/');

  command(
    'evaluate',
    'metrics of the model and the random / popularity / oracle baselines; writes reports/metrics.{json,md}',
    () => import('./commands/evaluate.js'),
    (o) => ({ 'evaluate.maxGroups': o.maxGroups, 'evaluate.seed': o.seed, 'evaluate.k': o.k }),
  )
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
    );

  command(
    'rank',
    "the product: top 10 of yesterday's posts for every user active on a day (or one user); table + JSON Lines",
    () => import('./commands/rank.js'),
    (o) => ({ 'rank.topK': o.top, 'model.name': o.name }),
  )
    .requiredOption('--date <day>', 'the day d (YYYY-MM-DD): candidates are the posts created on d-1', isoDay)
    .option('--user <id>', 'only this user (default: every user active on the day)')
    .option('--top <n>', `posts per user (default ${DEFAULT_CONFIG.rank.topK})`, positiveInteger)
    .option('--name <name>', 'model directory name under models/')
    .option(
      '--limit <n>',
      'users printed in the table (the JSON Lines file has them all)',
      positiveInteger,
      20,
    );

  command(
    'pipeline',
    'every stage in order: generate-data (when no raw log), make-dataset, features, train, predict, evaluate',
    () => import('./commands/pipeline.js'),
    (o) => ({ 'evaluate.maxGroups': o.maxGroups }),
  ).option(
    '--max-groups <n>',
    'sample at most n groups per grouping and test day in evaluation',
    positiveInteger,
  );

  command(
    'bench',
    'every stage as a child process on a fresh synthetic log, then all in one process; wall and CPU time, rows/s, peak RSS',
    () => import('./commands/bench.js'),
  )
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
    .option('--keep', 'keep the temporary workdir');

  command(
    'config',
    'print the resolved configuration, or write the per-stage files turbo hashes (--split)',
    () => import('./commands/config.js'),
  )
    .option('--split', 'write .wemoms/config/<stage>.json for the turbo pipeline')
    .option('--check', 'with --split: exit 3 when a stage file was out of date (turbo already hashed it)')
    .option('--defaults', 'print the defaults instead of the resolved configuration');

  return program;
}
