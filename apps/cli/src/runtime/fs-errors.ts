/**
 * Turns the failures a user can act on into one line (a CliError): a Node fs error (`EROFS: read-only
 * file system, open '/w/data/interim/log.parquet.tmp-123'`) becomes `cannot write data/interim/log.parquet:
 * read-only file system`, naming the file the stage was writing rather than its temp name; the packages'
 * own user-facing errors (a bad raw log, a damaged model file, a feature schema mismatch) keep their
 * message. Anything else (a bug) is left alone, so the CLI still offers its stack trace.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { CliError } from './errors.js';

/** Errors of our packages whose message is already the one line a user needs. */
const USER_FACING_ERRORS = new Set([
  'RawLogError',
  'ModelFileError',
  'FeatureSchemaError',
  'MissingInputError',
]);

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  ENOENT: 'no such file or directory',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the resource is busy',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

/** Syscalls that only ever write. */
const WRITE_SYSCALLS = new Set([
  'mkdir',
  'rename',
  'write',
  'unlink',
  'rmdir',
  'rm',
  'copyfile',
  'symlink',
  'link',
  'ftruncate',
  'fsync',
  'close',
]);
/** Error codes that only writes meet. */
const WRITE_CODES = new Set(['EROFS', 'ENOSPC', 'EDQUOT']);
const READ_SYSCALLS = new Set(['read', 'scandir', 'stat', 'lstat', 'fstat', 'readlink', 'access']);

/** `<path>.tmp-<pid>[-...]` and `<path>.old-<pid>-...`: the atomic writers' temp names. */
const TEMP_SUFFIX = /\.(?:tmp|old)-\d+(?:-[0-9a-z]+)*$/;

interface ErrnoLike {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  message: string;
}

function isErrno(error: unknown): error is ErrnoLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ErrnoLike).code === 'string' &&
    /^E[A-Z]+$/.test((error as ErrnoLike).code)
  );
}

/** The path as shown: relative to `workdir` when inside it. */
function shown(path: string, workdir?: string): string {
  if (!workdir || !isAbsolute(path)) return path;
  const rel = relative(workdir, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** For ENOTDIR: the nearest ancestor of `path` that exists and is not a directory. */
function fileInTheWay(path: string): string | null {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    if (!existsSync(p)) continue;
    try {
      return statSync(p).isDirectory() ? null : p;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The one line for a Node fs error, `cannot write data/interim/log.parquet: read-only file system`, or
 * null when `error` is not one.
 */
export function describeFsError(
  error: unknown,
  workdir?: string,
  outputs: readonly string[] = [],
): string | null {
  if (!isErrno(error)) return null;
  const { code, syscall = '' } = error;
  if (typeof error.path !== 'string') {
    // A write on an open file (ENOSPC mid-write) names no path: name the folders the stage writes to.
    if (!WRITE_CODES.has(code) && code !== 'EIO') return null;
    const folders = [...new Set(outputs.map((o) => shown(dirname(o), workdir)))];
    return `cannot write ${folders.length > 0 ? `to ${folders.join(', ')}` : 'an output'}: ${REASONS[code]}`;
  }
  const temp = TEMP_SUFFIX.test(error.path);
  const target = error.path.replace(TEMP_SUFFIX, '');
  const verb =
    temp || WRITE_SYSCALLS.has(syscall) || WRITE_CODES.has(code)
      ? 'write'
      : READ_SYSCALLS.has(syscall)
        ? 'read'
        : 'open';
  let reason = REASONS[code] ?? error.message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  if (code === 'EEXIST' && syscall === 'mkdir') {
    // A recursive mkdir fails so only when something that is not a folder has the name.
    reason = `${shown(target, workdir)} is a file, not a directory`;
  } else if (code === 'ENOTDIR') {
    const file = fileInTheWay(target);
    reason = file ? `${shown(file, workdir)} is a file, not a directory` : 'a parent path is not a directory';
  }
  return `cannot ${verb} ${shown(target, workdir)}: ${reason}`;
}

/**
 * A CliError for what the user can act on (fs errors, the packages' user-facing errors), keeping the
 * original as its cause (its stack shows under --verbose); any other value unchanged. `outputs` (the
 * stage's) name the place of a write error that carries no path.
 */
export function toUserError(error: unknown, workdir?: string, outputs?: readonly string[]): unknown {
  if (error instanceof CliError) return error;
  const fs = describeFsError(error, workdir, outputs);
  if (fs) return new CliError(fs, 1, { cause: error });
  if (error instanceof Error && USER_FACING_ERRORS.has(error.name)) {
    return new CliError(error.message, 1, { cause: error });
  }
  return error;
}

/**
 * `mkdirSync(dir, {recursive: true})`, but failing with the real reason: Node's recursive mkdir reports
 * ENOENT for a folder it cannot create under a read-only or forbidden parent; this retries the first
 * missing level alone, which fails with EROFS / EACCES as it should.
 */
export function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = dir;
    while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
    mkdirSync(missing); // throws the real error
    throw error;
  }
}
