import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { describeFsError, toUserError } from './fs-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-fs-errors-'));

/** The error `f` throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('describeFsError', () => {
  it('names the target of a temp file and a file in the way of a directory (fails for root too)', () => {
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be');
    const error = thrown(() => writeFileSync(join(dir, 'blocker', 'log.parquet.tmp-4242'), 'x'));
    expect(describeFsError(error, dir)).toBe(
      'cannot write blocker/log.parquet: blocker is a file, not a directory',
    );
    const mkdir = thrown(() => mkdirSync(join(dir, 'blocker', 'reports', 'deep'), { recursive: true }));
    expect(describeFsError(mkdir, dir)).toBe(
      'cannot write blocker/reports/deep: blocker is a file, not a directory',
    );
  });

  it('tells reads from writes', () => {
    const missing = thrown(() => readFileSync(join(dir, 'missing.json')));
    expect(describeFsError(missing, dir)).toBe('cannot open missing.json: no such file or directory');
    const listing = thrown(() => readdirSync(join(dir, 'no-folder')));
    expect(describeFsError(listing, dir)).toBe('cannot read no-folder: no such file or directory');
    mkdirSync(join(dir, 'folder'));
    const folder = thrown(() => writeFileSync(join(dir, 'folder'), 'x'));
    expect(describeFsError(folder, dir)).toBe('cannot open folder: it is a directory');
  });

  it('reads the codes a read-only or full disk gives, with temp names of every writer', () => {
    const erofs = Object.assign(
      new Error("EROFS: read-only file system, open '/w/reports/rank.jsonl.tmp-77'"),
      {
        code: 'EROFS',
        syscall: 'open',
        path: '/w/reports/rank.jsonl.tmp-77',
      },
    );
    expect(describeFsError(erofs, '/w')).toBe('cannot write reports/rank.jsonl: read-only file system');
    const eacces = {
      code: 'EACCES',
      syscall: 'mkdir',
      path: '/w/models/logreg.tmp-77-1796398657426',
      message: '',
    };
    expect(describeFsError(eacces, '/w')).toBe('cannot write models/logreg: permission denied');
    const enospc = { code: 'ENOSPC', syscall: 'write', path: '/elsewhere/metrics.json.tmp-7-0', message: '' };
    expect(describeFsError(enospc, '/w')).toBe(
      'cannot write /elsewhere/metrics.json: no space left on device',
    );
    const odd = {
      code: 'EXDEV',
      syscall: 'rename',
      path: '/w/a',
      message: "EXDEV: cross-device link not permitted, rename '/w/a'",
    };
    expect(describeFsError(odd, '/w')).toBe('cannot write a: cross-device link not permitted');
    // A write on an open descriptor names no file: the stage's output folders are named instead.
    const full = { code: 'ENOSPC', syscall: 'write', message: 'ENOSPC: no space left on device, write' };
    expect(describeFsError(full, '/w', ['/w/reports/predictions.parquet', '/w/reports/top10.parquet'])).toBe(
      'cannot write to reports: no space left on device',
    );
    expect(describeFsError(full)).toBe('cannot write an output: no space left on device');
    expect(describeFsError({ code: 'EBADF', syscall: 'write', message: 'EBADF' })).toBeNull();
    expect(describeFsError(new Error('plain'))).toBeNull();
    expect(describeFsError({ code: 'ERR_INVALID_ARG_TYPE', message: 'x' })).toBeNull();
  });
});

describe('toUserError', () => {
  it('makes fs errors and the packages user-facing errors CliErrors, keeping the cause', () => {
    const fs = { code: 'EROFS', syscall: 'open', path: '/w/x.tmp-1', message: 'EROFS' };
    const converted = toUserError(fs, '/w') as CliError;
    expect(converted).toBeInstanceOf(CliError);
    expect(converted.message).toBe('cannot write x: read-only file system');
    expect(converted.cause).toBe(fs);
    const damaged = Object.assign(new Error('/w/models/logreg/weights.bin is damaged: 10 bytes'), {
      name: 'ModelFileError',
    });
    const model = toUserError(damaged) as CliError;
    expect(model).toBeInstanceOf(CliError);
    expect(model.message).toBe(damaged.message);
    expect(model.stack).toContain('Caused by: ModelFileError');
    const cli = new CliError('already one line');
    expect(toUserError(cli)).toBe(cli);
    const bug = new TypeError('x is undefined');
    expect(toUserError(bug)).toBe(bug);
  });
});
