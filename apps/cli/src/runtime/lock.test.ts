import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from './errors.js';
import { acquireWorkdirLock, LOCK_ENV, type LockHolder, lockDirOf } from './lock.js';

const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
afterAll(() => sleeper.kill());
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env[LOCK_ENV];
});

const workdir = () => mkdtempSync(join(tmpdir(), 'wemoms-lock-'));
const holderFiles = (dir: string) => readdirSync(lockDirOf(dir)).filter((f) => f.endsWith('.json'));

/** Writes the lock file another process would hold. */
function otherHolder(dir: string, patch: Partial<LockHolder> = {}): LockHolder {
  const holder: LockHolder = {
    pid: sleeper.pid as number,
    host: hostname(),
    command: 'wemoms --workdir /w pipeline',
    since: '2026-11-30T10:00:00.000Z',
    token: `${sleeper.pid}-abcdef`,
    outputs: null,
    ...patch,
  };
  mkdirSync(lockDirOf(dir), { recursive: true });
  writeFileSync(join(lockDirOf(dir), `${holder.token}.json`), JSON.stringify(holder));
  return holder;
}

function failure(f: () => unknown): CliError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error('expected the lock to be refused');
}

describe('the workdir lock', () => {
  it('is one file per holder, re-entrant within a process, gone after the last release', () => {
    const dir = workdir();
    const outer = acquireWorkdirLock(dir, { command: 'wemoms pipeline' });
    expect(outer.joined).toBe(false);
    const [file] = holderFiles(dir);
    expect(JSON.parse(readFileSync(join(lockDirOf(dir), file), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'wemoms pipeline',
      outputs: null,
    });
    expect(process.env[LOCK_ENV]).toBe(outer.holder.token);
    const inner = acquireWorkdirLock(dir);
    expect(inner.joined).toBe(true);
    inner.release();
    inner.release(); // idempotent
    expect(holderFiles(dir)).toHaveLength(1);
    outer.release();
    expect(holderFiles(dir)).toEqual([]);
    expect(process.env[LOCK_ENV]).toBeUndefined();
  });

  it('refuses a second writer at once, naming the holder: pid, command, since when', () => {
    const dir = workdir();
    otherHolder(dir);
    const error = failure(() => acquireWorkdirLock(dir));
    expect(error.message).toMatch(
      new RegExp(
        `^the workdir ${resolve(dir)} is locked by pid ${sleeper.pid} \\(wemoms --workdir /w pipeline\\), ` +
          'running since 2026-11-30 10:00:00 UTC \\(.* ago\\): wait for it to finish or stop it .*' +
          `this one is \\.wemoms/lock/${sleeper.pid}-abcdef\\.json\\)$`,
      ),
    );
    expect(holderFiles(dir)).toHaveLength(1);
  });

  it('takes over the lock of a process that is gone, and says so', () => {
    const dir = workdir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    otherHolder(dir, { pid: dead, token: `${dead}-123456`, command: 'wemoms train' });
    const log = vi.fn();
    const lock = acquireWorkdirLock(dir, { log });
    expect(log).toHaveBeenCalledWith(
      expect.stringMatching(
        `taking over the workdir lock of pid ${dead} \\(wemoms train\\).*that process is gone`,
      ),
    );
    expect(holderFiles(dir)).toEqual([`${lock.holder.token}.json`]);
    lock.release();
  });

  it('lets holders of disjoint outputs share the workdir (parallel feature categories), nothing else', () => {
    const dir = workdir();
    const user = join(dir, 'data/interim/user.parquet');
    const post = join(dir, 'data/interim/post.parquet');
    otherHolder(dir, { outputs: [post] });
    const mine = acquireWorkdirLock(dir, { outputs: [user] });
    mine.release();
    expect(failure(() => acquireWorkdirLock(dir, { outputs: [post] })).message).toMatch(
      /locked by pid .*writing .*post\.parquet/,
    );
    expect(failure(() => acquireWorkdirLock(dir)).message).toMatch(/locked by pid/);
    const exclusive = workdir();
    otherHolder(exclusive);
    expect(failure(() => acquireWorkdirLock(exclusive, { outputs: [user] })).message).toMatch(
      /locked by pid/,
    );
  });

  it('lets the children of a holder run under its lock (WEMOMS_LOCK), and only those', () => {
    const dir = workdir();
    const parent = otherHolder(dir);
    process.env[LOCK_ENV] = parent.token;
    const child = acquireWorkdirLock(dir);
    expect(child.joined).toBe(true);
    expect(child.holder.pid).toBe(sleeper.pid);
    child.release();
    expect(holderFiles(dir)).toEqual([`${parent.token}.json`]);
    process.env[LOCK_ENV] = '123-badbad';
    expect(failure(() => acquireWorkdirLock(dir)).message).toMatch(/locked by pid/);
  });

  it('a workdir where the lock cannot be written is one clear line', () => {
    const dir = workdir();
    writeFileSync(join(dir, '.wemoms'), 'a file where the folder should be');
    expect(failure(() => acquireWorkdirLock(dir)).message).toBe(
      'cannot take the workdir lock: cannot write .wemoms/lock: .wemoms is a file, not a directory',
    );
  });

  it('is released on SIGINT/SIGTERM before the process dies of the signal', () => {
    const dir = workdir();
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    acquireWorkdirLock(dir);
    expect(holderFiles(dir)).toHaveLength(1);
    process.emit('SIGINT', 'SIGINT');
    expect(holderFiles(dir)).toEqual([]);
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGINT');
    expect(existsSync(join(lockDirOf(dir), '.mutex'))).toBe(false);
  });
});
