/**
 * `wemoms with-lock -- <command> [args...]`: takes the workdir lock, runs the command with the lock's
 * token in WEMOMS_LOCK (so every wemoms stage it starts, in parallel or not, runs under this lock instead
 * of taking one), and releases the lock when the command is done. `pnpm pipeline` runs the turbo pipeline
 * this way: another pipeline in the same workdir then fails at once, even between two turbo tasks.
 * SIGINT/SIGTERM are passed to the command, and the lock is kept until it has exited.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { WithLockOptions } from '../program/with-lock.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { deferTerminationSignals } from '../runtime/termination.js';

export async function run(ctx: CliContext, options: WithLockOptions): Promise<void> {
  const [command, ...args] = options.command ?? [];
  if (!command) {
    throw new CliError(
      'with-lock: expected a command after --, e.g. `wemoms with-lock -- turbo run pipeline`',
    );
  }
  const release = ctx.guard?.enter('with-lock');
  const shown = [command, ...args].join(' ');
  try {
    const child = spawn(command, args, {
      stdio: 'inherit',
      // The lock's token is in process.env now: the child and its children inherit it.
      env: process.env,
      shell: process.platform === 'win32',
    });
    const undefer = deferTerminationSignals((signal) => child.kill(signal));
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve({ code, signal }));
      },
    ).finally(undefer);
    if (outcome.signal) {
      const number = constants.signals[outcome.signal] ?? 0;
      throw new CliError(`with-lock: \`${shown}\` was stopped by ${outcome.signal}`, 128 + number);
    }
    if (outcome.code !== 0) {
      throw new CliError(`with-lock: \`${shown}\` exited with code ${outcome.code}`, outcome.code ?? 1);
    }
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' &&
      (error as NodeJS.ErrnoException).syscall?.startsWith('spawn')
    ) {
      throw new CliError(`with-lock: cannot run \`${command}\`: command not found`);
    }
    throw error;
  } finally {
    release?.();
  }
}
