/**
 * What every writing stage does before its work, in one place so that any command gets it through
 * runStage (or `guard.enter` for a command that is not one stage, like `pipeline`): take (or join) the
 * workdir lock, remove the temp files killed stages left behind, and check that its outputs can be
 * written, so a read-only or misconfigured output fails in a second with one line, before any work and
 * before any file of the stage's output set is replaced.
 */
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { PipelinePaths } from '../config/paths.js';
import { formatBytes } from './format.js';
import { makeFolder } from './fs-errors.js';
import { acquireWorkdirLock } from './lock.js';
import type { Progress } from './progress.js';
import { removeOwnTempFiles, removeStaleTempFiles } from './stale-temp.js';
import { onTerminationSignal } from './termination.js';

export interface StageGuardOptions {
  /**
   * The files (or model directories) the stage writes: checked writable first, and, with `lock:
   * 'outputs'`, the part of the workdir it locks.
   */
  outputs?: readonly string[];
  /**
   * `workdir` (default): the whole workdir, exclusively. `outputs`: only `outputs`, so stages writing
   * disjoint files run side by side (build-features categories, rank of different days). `none`: no
   * lock, for a command that only reads or runs for hours (a server) and must not block the pipeline.
   */
  lock?: 'workdir' | 'outputs' | 'none';
}

export interface StageGuard {
  /** Prepares `stage` (lock, stale temp files, writable outputs); returns the release of its lock. */
  enter(stage: string, options?: StageGuardOptions): () => void;
}

/** The folders of `paths` where stages write temp files: the ones inside the workdir. */
export function tempFolders(paths: PipelinePaths): string[] {
  const inside = (p: string) => {
    const rel = relative(paths.workdir, p);
    return !rel.startsWith('..') && !isAbsolute(rel);
  };
  return [
    dirname(paths.raw),
    paths.truth,
    paths.interim,
    paths.processed,
    dirname(paths.modelDir),
    paths.reports,
    paths.stageConfigDir,
  ].filter(inside);
}

/**
 * Creates each output's folder and writes (then removes) a probe file in it: a read-only file system, a
 * file where a folder should be or a missing permission shows here, as the fs error of that folder.
 */
export function assertWritable(outputs: readonly string[]): void {
  const checked = new Set<string>();
  for (const output of outputs) {
    const folder = dirname(output);
    if (checked.has(folder)) continue;
    checked.add(folder);
    // Named like every temp file, so a process killed right here leaves nothing the next stage keeps.
    const probe = join(folder, `.wemoms-write-probe.tmp-${process.pid}`);
    try {
      makeFolder(folder);
      closeSync(openSync(probe, 'w'));
      rmSync(probe, { force: true });
    } catch (error) {
      // Reported as the output it stops (`cannot write reports/metrics.json: ...`), not the probe.
      const { code, syscall, message } = error as NodeJS.ErrnoException;
      throw Object.assign(new Error(message, { cause: error }), { code, syscall, path: output });
    }
  }
}

/** The guard of a workdir: lock + stale temp files + writable outputs, logging to `progress`. */
export function createWorkdirGuard(paths: PipelinePaths, progress: Progress): StageGuard {
  return {
    enter(stage, options = {}) {
      const outputs = options.outputs ?? [];
      const lock =
        options.lock === 'none'
          ? null
          : acquireWorkdirLock(paths.workdir, {
              outputs: options.lock === 'outputs' ? outputs : null,
              log: (line) => progress.log(`${stage}: ${line}`),
            });
      const folders = tempFolders(paths);
      const unregister = onTerminationSignal(() => {
        removeOwnTempFiles(folders);
      });
      const release = () => {
        unregister();
        lock?.release();
      };
      try {
        const removed = removeStaleTempFiles(folders.filter((f) => existsSync(f)));
        if (removed.length > 0) {
          const bytes = removed.reduce((n, f) => n + f.bytes, 0);
          const names = removed.map((f) => relative(paths.workdir, f.path));
          progress.log(
            `${stage}: removed ${removed.length} temp file${removed.length === 1 ? '' : 's'} left by ` +
              `stopped processes (${formatBytes(bytes)}): ${names.slice(0, 5).join(', ')}` +
              `${names.length > 5 ? `, ... (${names.length - 5} more)` : ''}`,
          );
        }
        assertWritable(outputs);
      } catch (error) {
        release();
        throw error;
      }
      return release;
    },
  };
}
