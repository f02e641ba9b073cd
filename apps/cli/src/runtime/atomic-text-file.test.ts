import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicTextFile } from './atomic-text-file.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-atomic-text-'));

describe('AtomicTextFile', () => {
  it('appears only when closed, complete', async () => {
    const path = join(dir, 'out', 'rank.jsonl');
    const file = new AtomicTextFile(path);
    await file.write('a\n');
    expect(existsSync(path)).toBe(false);
    await file.write('b'.repeat(100_000));
    await file.close();
    expect(readFileSync(path, 'utf8')).toBe(`a\n${'b'.repeat(100_000)}`);
    expect(readdirSync(join(dir, 'out'))).toEqual(['rank.jsonl']);
  });

  it('an open that fails later rejects the write or the close, never an uncaught error', async () => {
    const path = join(dir, 'blocked.jsonl');
    // A directory where the temp file goes: the asynchronous open fails (EISDIR), for root too.
    mkdirSync(`${path}.tmp-${process.pid}`);
    const file = new AtomicTextFile(path);
    let failure: unknown = null;
    try {
      for (let i = 0; i < 100; i++) await file.write('x'.repeat(100_000));
      await file.close();
    } catch (error) {
      failure = error;
      file.abort();
    }
    expect((failure as NodeJS.ErrnoException)?.code).toBe('EISDIR');
    expect(existsSync(path)).toBe(false);
  });

  it('a folder that cannot be made fails at once', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => new AtomicTextFile(join(dir, 'file', 'rank.jsonl'))).toThrow(/ENOTDIR|EEXIST/);
  });

  it('abort removes the temp file, even right after opening', async () => {
    const path = join(dir, 'aborted.jsonl');
    const file = new AtomicTextFile(path);
    file.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(dir).filter((f) => f.startsWith('aborted'))).toEqual([]);
  });
});
