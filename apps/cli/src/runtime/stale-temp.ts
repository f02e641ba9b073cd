/**
 * Temp files of stages that were killed (`kill -9`, a crash, a power cut) stay behind: every atomic
 * writer names its temp file after its process, `<file>.tmp-<pid>[-n]` (a model's temp directory
 * `<dir>.tmp-<pid>-<stamp>`, the replaced model `<dir>.old-<pid>-<stamp>`), up to hundreds of MB each.
 * At the start of a stage, those of processes that no longer exist are removed; those of live processes
 * (a parallel stage of the same pipeline) never are. On SIGINT/SIGTERM a stage removes its own.
 */
import { existsSync, lstatSync, readdirSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './processes.js';

/** `<base>.tmp-<pid>[-...]` or `<base>.old-<pid>-...`. */
const TEMP_NAME = /^(.+)\.(tmp|old)-(\d+)((?:-[0-9a-z]+)*)$/;

export interface TempFile {
  path: string;
  pid: number;
  /** Bytes (a directory: its files, recursively). */
  bytes: number;
}

function sizeOf(path: string, stat: Stats): number {
  if (!stat.isDirectory()) return stat.size;
  let bytes = 0;
  for (const name of readdirSync(path)) {
    const child = join(path, name);
    try {
      bytes += sizeOf(child, lstatSync(child));
    } catch {
      // vanished meanwhile
    }
  }
  return bytes;
}

/**
 * The temp files directly in `dirs` whose process matches `select(pid)`. A replaced model kept as
 * `<dir>.old-...` is listed only when `<dir>` exists: otherwise it is the only copy of the model (its
 * writer died between the two renames) and is left for the user to restore.
 */
export function findTempFiles(dirs: readonly string[], select: (pid: number) => boolean): TempFile[] {
  const found: TempFile[] = [];
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // absent or unreadable: nothing of ours there
    }
    for (const name of names) {
      const match = TEMP_NAME.exec(name);
      if (!match) continue;
      const pid = Number(match[3]);
      if (!select(pid)) continue;
      if (match[2] === 'old' && !existsSync(join(dir, match[1]))) continue;
      const path = join(dir, name);
      try {
        found.push({ path, pid, bytes: sizeOf(path, lstatSync(path)) });
      } catch {
        // removed by its owner meanwhile
      }
    }
  }
  return found;
}

/** Removes the temp files of dead processes in `dirs`; returns what was removed. */
export function removeStaleTempFiles(
  dirs: readonly string[],
  isAlive: (pid: number) => boolean = isProcessAlive,
): TempFile[] {
  const removed: TempFile[] = [];
  for (const file of findTempFiles(dirs, (pid) => !isAlive(pid))) {
    try {
      rmSync(file.path, { recursive: true, force: true });
      removed.push(file);
    } catch {
      // another stage cleaned it first, or it cannot be removed: not this stage's problem
    }
  }
  return removed;
}

/** Removes this process's own temp files in `dirs` (on SIGINT/SIGTERM, before dying). */
export function removeOwnTempFiles(dirs: readonly string[]): TempFile[] {
  return removeStaleTempFiles(dirs, (pid) => pid !== process.pid);
}
