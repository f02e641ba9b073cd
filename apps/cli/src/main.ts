/**
 * Runs the CLI on an argv and returns the exit code instead of exiting, so tests drive it in-process.
 * Every failure, commander's own usage errors included, becomes one line on stderr (`wemoms: error: ...`)
 * and a non-zero code; the stack is printed only under --verbose.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import type { CliIo } from './runtime/context.js';
import { CliError, errorLine } from './runtime/errors.js';

/** Runs `wemoms` with `args` (without node and script). Resolves to the process exit code. */
export async function runCli(
  args: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const program = buildProgram(io);
  try {
    // `wemoms` alone lists the commands, like --help, and is not an error.
    if (args.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its one-line message (see program.ts); help and version are not failures.
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? 0
        : error.exitCode || 1;
    }
    const verbose = args.includes('--verbose') || args.includes('-v');
    const hint = verbose || error instanceof CliError ? '' : ' (--verbose prints the stack trace)';
    // A progress bar may be drawn on a terminal: clear it so the error starts its own line.
    if (io.stderr.isTTY) io.stderr.write('\r\x1b[2K');
    io.stderr.write(`${errorLine(error)}${hint}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
