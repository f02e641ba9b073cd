import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGenerateCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wemoms-generate', () => {
  it('prints its usage with --help', async () => {
    let text = '';
    expect(await runGenerateCli(['--help'], (t) => (text += t))).toBe(0);
    for (const flag of ['--rows', '--seed', '--start', '--days', '--out', '--truth'])
      expect(text).toContain(flag);
  });

  it('generates a log and its truth from the flags', async () => {
    let text = '';
    const out = join(dir, 'log.json.gzip');
    const code = await runGenerateCli(
      [
        '--rows',
        '500',
        '--seed',
        '4',
        '--start',
        '2023-03-01',
        '--days',
        '3',
        '--out',
        out,
        '--truth',
        join(dir, 't'),
      ],
      (t) => (text += t),
      () => undefined,
    );
    expect(code).toBe(0);
    expect(text).toContain('wrote 500 rows');
    expect(existsSync(out)).toBe(true);
    expect(existsSync(join(dir, 't', 'index.json'))).toBe(true);
  });

  it('rejects bad flags with a message naming them', async () => {
    await expect(runGenerateCli(['--rows', 'many'], () => undefined)).rejects.toThrow(
      /--rows: expected an integer/,
    );
    await expect(runGenerateCli(['--colour', 'red'], () => undefined)).rejects.toThrow(/colour/);
  });
});
