import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDirectoryAtomically } from './output-dir.js';

const root = mkdtempSync(join(tmpdir(), 'demo-out-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (name: string, text: string) => async (dir: string) => {
  writeFileSync(join(dir, 'manifest.json'), text);
  writeFileSync(join(dir, name), text);
};

describe('writeDirectoryAtomically', () => {
  it('replaces a previous export only when the new one is complete', async () => {
    const target = join(root, 'data');
    await writeDirectoryAtomically(target, write('a.txt', 'first'), 'manifest.json');
    expect(readFileSync(join(target, 'manifest.json'), 'utf8')).toBe('first');
    await expect(
      writeDirectoryAtomically(
        target,
        async (dir) => {
          writeFileSync(join(dir, 'half.txt'), 'x');
          throw new Error('interrupted');
        },
        'manifest.json',
      ),
    ).rejects.toThrow('interrupted');
    // The old export is intact and no temp folder is left behind.
    expect(readdirSync(target).sort()).toEqual(['a.txt', 'manifest.json']);
    expect(readdirSync(root)).toEqual(['data']);
    await writeDirectoryAtomically(target, write('b.txt', 'second'), 'manifest.json');
    expect(readdirSync(target).sort()).toEqual(['b.txt', 'manifest.json']);
  });

  it('refuses to replace a folder that is not an export', async () => {
    const precious = join(root, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'thesis.tex'), 'keep me');
    await expect(writeDirectoryAtomically(precious, write('a.txt', 'x'), 'manifest.json')).rejects.toThrow(
      /refusing/,
    );
    expect(existsSync(join(precious, 'thesis.tex'))).toBe(true);
  });
});
