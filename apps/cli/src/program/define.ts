/**
 * How a `wemoms` command is declared: its name, flags, config overrides and a lazy handler, in one file
 * per command (see ./index.ts), so `wemoms --help` loads no TensorFlow.js or parquet code and a command's
 * flags sit next to the options type its handler receives.
 */
import type { Command } from 'commander';
import type { ConfigOverrides } from '../config/load.js';
import type { CliContext } from '../runtime/context.js';

/** A handler module: `run` receives the context and commander's parsed options of this command. */
export interface CommandHandler<Options> {
  run(ctx: CliContext, options: Options): Promise<void>;
}

/** One command (or a group of subcommands, like `wemoms ab plan|analyze`). */
export interface CommandDefinition<Options = Record<string, never>> {
  readonly name: string;
  readonly description: string;
  readonly aliases?: readonly string[];
  /** Adds this command's flags to `command`. */
  readonly options?: (command: Command) => void;
  /** Maps parsed flags to config keys (`'model.name': options.name`); undefined values are ignored. */
  readonly overrides?: (options: Options) => ConfigOverrides;
  /** Imports the handler only when the command runs. Absent for a pure group of subcommands. */
  readonly load?: () => Promise<CommandHandler<Options>>;
  readonly subcommands?: readonly AnyCommandDefinition[];
}

// biome-ignore lint/suspicious/noExplicitAny: a list of definitions with different option types.
export type AnyCommandDefinition = CommandDefinition<any>;

/** Identity with inference: ties a definition's `overrides` and `load` to one options type. */
export function defineCommand<Options>(definition: CommandDefinition<Options>): CommandDefinition<Options> {
  return definition;
}
