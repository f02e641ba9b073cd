/**
 * Bad inputs and faults, tried as a user would (issue 14): each scenario runs the CLI in-process on its
 * own temporary workdir and checks the one-line error, the exit code and what is left on disk.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';

/** Runs `wemoms ...args --workdir workdir` in this process; never throws. */
async function cli(workdir: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--workdir', workdir], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

/** A fresh workdir with a small synthetic raw log. */
async function workdirWithLog(rows = 3000): Promise<string> {
  const workdir = mkdtempSync(join(tmpdir(), 'wemoms-reliability-'));
  const generated = await cli(workdir, 'generate-data', '--rows', String(rows), '--seed', '3');
  expect(generated.code, generated.err).toBe(0);
  return workdir;
}

describe('make-dataset --mode lenient', () => {
  it('works in a fresh workdir: the rejects file gets its folder', async () => {
    const workdir = await workdirWithLog();
    const { code, err } = await cli(workdir, 'make-dataset', '--mode', 'lenient');
    expect(code, err).toBe(0);
    expect(readdirSync(join(workdir, 'data/interim'))).toContain('rejects.jsonl');
    expect(readFileSync(join(workdir, 'data/interim/rejects.jsonl'), 'utf8')).toBe('');
    expect(existsSync(join(workdir, 'data/processed/train.parquet'))).toBe(true);
  });
});
