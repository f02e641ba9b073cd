/** Atomic file output: write a temp sibling, then rename it over the target. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The temp name used while `path` is being written: `<path>.tmp-<pid>`, in the same directory. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/**
 * Writes `data` to `path` atomically: a reader sees either the old file or the complete new one, never
 * a truncated file, even if the process dies mid-write. Creates missing parent directories.
 */
export function atomicWriteFile(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
