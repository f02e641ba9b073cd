import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const demoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The @wemoms/cli package this app depends on (its workspace link). */
const cliRoot = realpathSync(join(demoRoot, 'node_modules/@wemoms/cli'));

/**
 * Runs the `wemoms` command (from the CLI package's sources through tsx, the same resolution the tests
 * use, so no build is needed) and resolves to its stdout; rejects with its stderr.
 */
export function wemoms(args: readonly string[], timeoutMs = 300_000): Promise<string> {
  const tsx = require.resolve('tsx/cli');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [tsx, '--conditions=source', join(cliRoot, 'src/bin.ts'), ...args],
      { timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`wemoms ${args.join(' ')} failed: ${error.message}\n${stderr}`))
          : resolve(stdout),
    );
  });
}

/** One line of reports/rank-<D>.jsonl (apps/cli's `wemoms rank`). */
export interface RankLine {
  date: string;
  user_id: string;
  candidate_time: string;
  candidates: number;
  top: { rank: number; trackable_id: string; score: number; opened: boolean }[];
}
