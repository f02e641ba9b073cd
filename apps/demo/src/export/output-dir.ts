import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Builds a directory under a temporary name next to `target` and swaps it in only when `build` succeeds:
 * an interrupted or failed export never leaves a half-written data directory for the page to read (the
 * previous export stays until the very last renames). `marker` is the file every complete output holds.
 */
export async function writeDirectoryAtomically<T>(
  target: string,
  build: (dir: string) => Promise<T>,
  marker: string,
): Promise<T> {
  // Never replace a folder this export did not write (a mistyped --out must not delete anything).
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, marker)))
    throw new Error(
      `${target} exists and holds no ${marker}: refusing to replace a folder that is not a demo export`,
    );
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(target)}.old-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  let result: T;
  try {
    result = await build(temp);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(target)) renameSync(target, old);
  renameSync(temp, target);
  rmSync(old, { recursive: true, force: true });
  return result;
}
