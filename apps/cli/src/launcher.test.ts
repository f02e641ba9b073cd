/**
 * `pnpm wemoms ...` prints only the command's own output: the launcher (bin/wemoms.mjs) builds the CLI
 * with turbo first, silently unless the build fails, and pnpm runs it as a workspace bin (no script echo).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceCheckoutRoot } from '../bin/build-first.mjs';

const packageDir = join(import.meta.dirname, '..');
const root = join(packageDir, '../..');
const buildFirst = pathToFileURL(join(packageDir, 'bin/build-first.mjs')).href;

/** A fake source checkout whose `turbo` prints `output` and exits with `status`. */
function fakeCheckout(output: string, status: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'wemoms-launcher-'));
  mkdirSync(join(dir, 'apps/cli/src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(join(dir, 'turbo.json'), '{}');
  const turbo = join(dir, 'node_modules/.bin/turbo');
  writeFileSync(
    turbo,
    `#!/bin/sh\nprintf '%s\\n' '${output}'\nprintf 'args: %s\\n' "$*" >&2\nexit ${status}\n`,
  );
  chmodSync(turbo, 0o755);
  return join(dir, 'apps/cli');
}

function buildIn(cliDir: string) {
  const script = `import(${JSON.stringify(buildFirst)}).then((m) => { m.buildIfSourceCheckout(${JSON.stringify(pathToFileURL(`${cliDir}/`).href)}); console.log('ran the CLI'); })`;
  return spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, WEMOMS_SKIP_BUILD: '' },
  });
}

describe('the wemoms launcher', () => {
  it('builds silently when the build succeeds', () => {
    const run = buildIn(fakeCheckout('• turbo 2.11.11 Tasks: 7 successful', 0));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ran the CLI\n');
    expect(run.stderr).toBe('');
  });

  it("prints the build's own output and one error line when the build fails, and stops", () => {
    const run = buildIn(fakeCheckout('src/main.ts(3,1): error TS1005', 2));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('src/main.ts(3,1): error TS1005');
    expect(run.stderr).toContain('args: run build --filter=@wemoms/cli --output-logs=errors-only');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^wemoms: error: building the CLI failed \(turbo run build .* exited 2\)$/,
    );
  });

  it('runs an installed package (no sources) as is', () => {
    expect(sourceCheckoutRoot(packageDir)).toBe(root);
    expect(sourceCheckoutRoot(join(tmpdir(), 'node_modules/@wemoms/cli'))).toBeNull();
  });

  it('`pnpm wemoms` prints only the command output: no script echo, no turbo banner', () => {
    const pnpm = (...args: string[]) => spawnSync('pnpm', args, { cwd: root, encoding: 'utf8' });
    const config = pnpm('wemoms', 'config', '--defaults');
    expect(config.stderr).toBe('');
    expect(JSON.parse(config.stdout).model.name).toBe('logreg');
    const bad = pnpm('wemoms', 'nope');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe("wemoms: error: unknown command 'nope' (see 'wemoms --help')\n");
  }, 300_000); // a stale dist/ is rebuilt first (under `pnpm test` turbo has built it: a cache hit)
});
