/**
 * The workdir lock: two pipelines (or any two writing stages) in one workdir would overwrite each other's
 * files, the last writer winning. A writing command takes the lock before it writes and the second one
 * fails at once, naming the first (pid, command, since when).
 *
 * Holders. Each holder is one file, `<workdir>/.wemoms/lock/<token>.json` ({pid, host, command, since,
 * token, outputs}), written and inspected under a short-lived mutex (`.mutex`, created exclusively).
 * A holder with `outputs: null` holds the whole workdir (exclusive); a holder that lists its outputs
 * shares the workdir with other holders of disjoint outputs: the parallel `build-features --category X`
 * processes of a turbo run each lock only their own category file, so they never lock each other out,
 * while an exclusive holder (another pipeline, a stand-alone make-dataset) excludes them all.
 *
 * A pipeline's own children. The holder exports its token in `WEMOMS_LOCK`; a process whose token names
 * a live holder of its workdir runs under that lock instead of taking one: `wemoms with-lock -- turbo run
 * pipeline` (what `pnpm pipeline` runs) holds the workdir for the whole run, and every stage turbo
 * starts, in parallel or not, joins it (turbo.json passes WEMOMS_LOCK through). Within one process the
 * lock is re-entrant: `wemoms pipeline` holds it and its stages join.
 *
 * Stale locks. A holder whose process is gone (same host, pid not alive) is removed and the lock taken
 * over, with a line saying so; a holder on another host (a shared workdir) is trusted to be alive. The
 * lock is released when its holder is done, fails, or exits, and on SIGINT/SIGTERM (the process then
 * dies of the same signal).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { CliError } from './errors.js';
import { formatDuration } from './format.js';
import { describeFsError, makeFolder } from './fs-errors.js';
import { isProcessAlive } from './processes.js';
import { onTerminationSignal } from './termination.js';

/** The environment variable through which a lock holder's children join its lock. */
export const LOCK_ENV = 'WEMOMS_LOCK';

export interface LockHolder {
  pid: number;
  host: string;
  /** The command line of the holder, for the message a second process prints. */
  command: string;
  /** When it took the lock (ISO 8601). */
  since: string;
  token: string;
  /** null: the whole workdir; else the files it writes (it shares the workdir with disjoint holders). */
  outputs: string[] | null;
}

export interface LockOptions {
  /** The files this holder writes; omitted or null: the whole workdir (exclusive). */
  outputs?: readonly string[] | null;
  /** Shown to a process that finds the workdir locked (default: this process's command line). */
  command?: string;
  /** Receives the line saying a stale lock was taken over. */
  log?: (line: string) => void;
  /** How long to wait for the mutex (held for microseconds by another process) before failing. */
  mutexTimeoutMs?: number;
}

export interface WorkdirLock {
  /** The holder this process runs under (its own, or the parent's it joined). */
  readonly holder: LockHolder;
  /** True when this process joined a lock it does not own (its parent's, or its own again). */
  readonly joined: boolean;
  /** Releases this acquisition; the lock file goes when the last acquisition of the process is released. */
  release(): void;
}

/** The folder holding the lock files of a workdir. */
export function lockDirOf(workdir: string): string {
  return join(resolve(workdir), '.wemoms', 'lock');
}

/** This process's command line, as a user typed it when it is the wemoms binary. */
export function currentCommand(): string {
  const [node, script, ...args] = process.argv;
  const text =
    script && /bin\.(c|m)?[jt]s$/.test(script)
      ? ['wemoms', ...args].join(' ')
      : [basename(node ?? 'node'), ...(script ? [script] : []), ...args].join(' ');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Locks this process owns, per lock folder: its holder and how many acquisitions are open. */
const owned = new Map<
  string,
  {
    holder: LockHolder;
    file: string;
    refs: number;
    previousEnv: string | undefined;
    /** Unregisters its release on SIGINT/SIGTERM. */
    unregister: () => void;
  }
>();

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.token === 'string' ? holder : null;
  } catch {
    return null;
  }
}

const isLive = (holder: LockHolder) => holder.host !== hostname() || isProcessAlive(holder.pid);

/** Runs `body` holding the folder's mutex (an exclusively created file); breaks a dead owner's mutex. */
function withMutex<T>(dir: string, timeoutMs: number, body: () => T): T {
  const mutex = join(dir, '.mutex');
  const deadline = Date.now() + timeoutMs;
  let fd = -1;
  for (;;) {
    try {
      fd = openSync(mutex, 'wx');
      writeSync(fd, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = Number.NaN;
      let age = 0;
      try {
        owner = Number(readFileSync(mutex, 'utf8'));
        age = Date.now() - statSync(mutex).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      // Held for microseconds by a live process; a dead one (or a pid never written) left it behind.
      // (Two processes breaking the same dead mutex at the same instant could both enter: that needs a
      // process killed inside those microseconds and two others starting together, and is accepted.)
      if ((Number.isInteger(owner) && !isProcessAlive(owner)) || (!Number.isInteger(owner) && age > 1000)) {
        rmSync(mutex, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new CliError(
          `cannot lock the workdir: ${mutex} has been held by pid ${owner} for ${formatDuration(age / 1000)}; ` +
            'remove it if that process is stuck',
        );
      }
      sleep(5);
    }
  }
  try {
    return body();
  } finally {
    closeSync(fd);
    rmSync(mutex, { force: true });
  }
}

const overlaps = (a: LockHolder, b: { outputs: string[] | null }) =>
  a.outputs === null || b.outputs === null || a.outputs.some((o) => (b.outputs as string[]).includes(o));

function describeHolder(holder: LockHolder, now: number): string {
  const since = new Date(holder.since);
  const ago = Number.isNaN(since.getTime()) ? '' : ` (${formatDuration((now - since.getTime()) / 1000)} ago)`;
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  const scope = holder.outputs === null ? '' : `, writing ${holder.outputs.join(', ')}`;
  return `pid ${holder.pid}${where} (${holder.command}${scope}), running since ${holder.since.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${ago}`;
}

/** Under the mutex: drops dead holders, refuses on a live conflicting one, else writes `holder`. */
function takeLock(
  workdir: string,
  dir: string,
  holder: LockHolder,
  file: string,
  now: number,
  options: LockOptions,
): void {
  const conflicts: LockHolder[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const path = join(dir, name);
    const other = readHolder(path);
    if (other && isLive(other)) {
      if (overlaps(other, holder)) conflicts.push(other);
      continue;
    }
    rmSync(path, { force: true });
    if (other) {
      options.log?.(
        `taking over the workdir lock of ${describeHolder(other, now)}: that process is gone (${dir})`,
      );
    }
  }
  if (conflicts.length > 0) {
    const others = conflicts.length > 1 ? ` and ${conflicts.length - 1} other process(es)` : '';
    const lockFile = relative(resolve(workdir), join(dir, `${conflicts[0].token}.json`));
    throw new CliError(
      `the workdir ${resolve(workdir)} is locked by ${describeHolder(conflicts[0], now)}${others}: ` +
        'wait for it to finish or stop it (a lock whose process is gone is taken over automatically; ' +
        `this one is ${lockFile})`,
    );
  }
  writeFileSync(file, `${JSON.stringify(holder)}\n`);
}

/**
 * Takes the lock of `workdir` (or joins the one this process, or its parent through WEMOMS_LOCK, holds).
 * Throws a CliError naming the holder when another live process holds a conflicting lock.
 */
export function acquireWorkdirLock(workdir: string, options: LockOptions = {}): WorkdirLock {
  const dir = lockDirOf(workdir);
  const mine = owned.get(dir);
  if (mine) {
    mine.refs++;
    return { holder: mine.holder, joined: true, release: once(() => releaseOwned(dir)) };
  }
  const inherited = process.env[LOCK_ENV];
  if (inherited && /^[0-9a-f-]+$/.test(inherited)) {
    const parent = readHolder(join(dir, `${inherited}.json`));
    if (parent && isLive(parent)) return { holder: parent, joined: true, release: () => {} };
  }
  const outputs = options.outputs ? [...options.outputs].map((o) => resolve(o)).sort() : null;
  const token = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: options.command ?? currentCommand(),
    since: new Date().toISOString(),
    token,
    outputs,
  };
  const file = join(dir, `${token}.json`);
  const now = Date.now();
  try {
    makeFolder(dir);
    withMutex(dir, options.mutexTimeoutMs ?? 5000, () => takeLock(workdir, dir, holder, file, now, options));
  } catch (error) {
    const fs = describeFsError(error, workdir);
    // A read-only workdir shows here first: say what was being done.
    if (fs) throw new CliError(`cannot take the workdir lock: ${fs}`, 1, { cause: error });
    throw error;
  }
  if (owned.size === 0) process.on('exit', onExit);
  owned.set(dir, {
    holder,
    file,
    refs: 1,
    previousEnv: process.env[LOCK_ENV],
    unregister: onTerminationSignal(() => removeLockFile(dir)),
  });
  // Child processes (turbo's stages) inherit the token and run under this lock.
  process.env[LOCK_ENV] = token;
  return { holder, joined: false, release: once(() => releaseOwned(dir)) };
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}

function releaseOwned(dir: string): void {
  const entry = owned.get(dir);
  if (!entry) return;
  entry.refs--;
  if (entry.refs > 0) return;
  removeLockFile(dir);
}

/** Deletes this process's lock file of `dir` (if it is still ours) and forgets it. */
function removeLockFile(dir: string): void {
  const entry = owned.get(dir);
  if (!entry) return;
  owned.delete(dir);
  entry.unregister();
  if (owned.size === 0) process.off('exit', onExit);
  if (process.env[LOCK_ENV] === entry.holder.token) {
    if (entry.previousEnv === undefined) delete process.env[LOCK_ENV];
    else process.env[LOCK_ENV] = entry.previousEnv;
  }
  try {
    if (readHolder(entry.file)?.token === entry.holder.token) unlinkSync(entry.file);
  } catch {
    // already gone (taken over as stale by someone who thought us dead): nothing to release
  }
}

/** Releases every lock this process owns (on exit). */
export function releaseAllLocks(): void {
  for (const dir of [...owned.keys()]) removeLockFile(dir);
}

/** An exiting process (normal end, process.exit, uncaught error) leaves no lock behind. */
const onExit = () => releaseAllLocks();
