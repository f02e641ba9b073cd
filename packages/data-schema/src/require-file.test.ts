import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MissingInputError, requireFile } from './node.js';

describe('requireFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'require-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes when the file exists', () => {
    const path = join(dir, 'here.parquet');
    writeFileSync(path, 'x');
    expect(() => requireFile(path, 'log snapshot', 'make-dataset')).not.toThrow();
  });

  it('names the file relative to the workdir and the command that produces it', () => {
    const path = join(dir, 'data', 'interim', 'log.parquet');
    let error: unknown;
    try {
      requireFile(path, 'log snapshot', 'make-dataset', dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingInputError);
    expect((error as MissingInputError).name).toBe('MissingInputError');
    expect((error as MissingInputError).path).toBe(path);
    expect((error as Error).message).toBe(
      'missing log snapshot at data/interim/log.parquet: run `wemoms make-dataset` first',
    );
  });

  it('shows the path as given without a workdir', () => {
    const path = join(dir, 'model.json');
    expect(() => requireFile(path, 'trained model', 'train')).toThrow(
      `missing trained model at ${path}: run \`wemoms train\` first`,
    );
  });
});
