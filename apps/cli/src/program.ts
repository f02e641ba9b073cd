/**
 * The `wemoms` command tree (commander). Each command is declared in its own file under ./program (flags,
 * config overrides, lazy handler), so `wemoms --help` never loads TensorFlow.js or parquet code.
 */
import { Command, Option } from 'commander';
import { renameFormerConfigCategories, validateConfigDays } from './config/load.js';
import { DEFAULT_CONFIG } from './config/schema.js';
import type { AnyCommandDefinition } from './program/define.js';
import { COMMANDS } from './program/index.js';
import { type CliIo, createContext, type GlobalOptions } from './runtime/context.js';
import { errorLine } from './runtime/errors.js';
import { toUserError } from './runtime/fs-errors.js';

/** Adds `definition` (and its subcommands) under `parent`. */
function addCommand(parent: Command, definition: AnyCommandDefinition, io: CliIo): void {
  const cmd = parent.command(definition.name).description(definition.description);
  cmd.configureOutput(outputFor(io, commandPath(cmd)));
  for (const alias of definition.aliases ?? []) cmd.alias(alias);
  definition.options?.(cmd);
  for (const sub of definition.subcommands ?? []) addCommand(cmd, sub, io);
  const load = definition.load;
  if (!load) return;
  cmd.action(async (options: Record<string, unknown>, self: Command) => {
    const global = self.optsWithGlobals() as GlobalOptions;
    const ctx = createContext(global, definition.overrides?.(options) ?? {}, io);
    await validateConfigDays(ctx.config, ctx.configSource ?? 'configuration');
    for (const line of await renameFormerConfigCategories(ctx.config, ctx.configSource ?? 'configuration'))
      ctx.progress.log(`wemoms: ${line}`);
    const handler = await load();
    try {
      await handler.run(ctx, options);
    } catch (error) {
      // One line for what the user can act on, whether or not the command runs as a stage.
      throw toUserError(error, ctx.workdir);
    }
  });
}

/** `wemoms ab plan` for a subcommand: where its --help lives. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Where commander writes: help to stdout, and its usage errors (unknown command or option, missing or bad
 * argument) as the one line every other error has, `wemoms: error: ...`, with where to find the usage.
 */
function outputFor(io: CliIo, path: string) {
  return {
    writeOut: (s: string) => io.stdout.write(s),
    writeErr: (s: string) => io.stderr.write(s),
    outputError: (message: string, write: (s: string) => void) =>
      write(`${errorLine(message)} (see '${path} --help')\n`),
  };
}

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
    .configureOutput(outputFor(io, 'wemoms'))
    .exitOverride();
  for (const definition of COMMANDS) addCommand(program, definition, io);
  return program;
}
