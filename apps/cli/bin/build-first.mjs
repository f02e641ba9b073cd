/**
 * What `pnpm wemoms ...` runs before the CLI itself, in a source checkout: the turbo build of @wemoms/cli
 * and the packages it needs (cached: a no-op when nothing changed), silent unless it fails, so the
 * command prints only its own output. Plain JavaScript: it runs before anything is built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs `command args` with its output held back: returns the exit status and everything it printed
 * (stdout then stderr), for the caller to show only when it failed.
 */
export function runQuietly(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  if (result.error) return { status: 1, output: `${command}: ${result.error.message}\n` };
  const status = result.status ?? 1;
  return { status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/**
 * The workspace root when `packageDir` is @wemoms/cli inside this repository's sources (its src/ and the
 * root's turbo.json present), else null: an installed package has only dist/ and bin/ and is run as is.
 */
export function sourceCheckoutRoot(packageDir) {
  const root = join(packageDir, '../..');
  return existsSync(join(packageDir, 'src')) && existsSync(join(root, 'turbo.json')) ? root : null;
}

/**
 * Builds the CLI when run from the sources (WEMOMS_SKIP_BUILD=1 skips it). On failure prints the build's
 * own output, then one `wemoms: error:` line, and exits with the build's status.
 */
export function buildIfSourceCheckout(packageUrl) {
  const root = sourceCheckoutRoot(fileURLToPath(packageUrl));
  if (!root || process.env.WEMOMS_SKIP_BUILD === '1') return;
  const args = ['run', 'build', '--filter=@wemoms/cli', '--output-logs=errors-only'];
  const { status, output } = runQuietly(join(root, 'node_modules/.bin/turbo'), args, { cwd: root });
  if (status === 0) return;
  process.stderr.write(output);
  process.stderr.write(`wemoms: error: building the CLI failed (turbo ${args.join(' ')} exited ${status})\n`);
  process.exit(status);
}
