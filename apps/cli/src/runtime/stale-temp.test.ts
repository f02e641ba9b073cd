import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from './processes.js';
import { findTempFiles, removeOwnTempFiles, removeStaleTempFiles } from './stale-temp.js';

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}
const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
afterAll(() => sleeper.kill());

describe('stale temp files', () => {
  it('removes those of dead processes, keeps those of live ones and everything else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wemoms-stale-'));
    const dead = deadPid();
    const live = sleeper.pid as number;
    const files = {
      [`log.parquet.tmp-${dead}`]: 'x'.repeat(3000),
      [`metrics.json.tmp-${dead}-0`]: 'x',
      [`user.parquet.tmp-${live}`]: 'a parallel stage at work',
      [`own.parquet.tmp-${process.pid}`]: 'mine',
      'log.parquet': 'kept',
      'notes.tmp-abc': 'not a temp name of ours',
      [`.name.tmp-${dead}`]: 'the demo export',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    // A model's temp directory, and a replaced model whose new copy exists.
    mkdirSync(join(dir, `logreg.tmp-${dead}-1796398657426`));
    writeFileSync(join(dir, `logreg.tmp-${dead}-1796398657426`, 'weights.bin'), 'x'.repeat(1000));
    mkdirSync(join(dir, 'logreg'));
    mkdirSync(join(dir, `logreg.old-${dead}-1796398657426`));
    // A replaced model whose new copy never arrived: the only copy, kept.
    mkdirSync(join(dir, `mlp.old-${dead}-1796398657426`));

    const removed = removeStaleTempFiles([dir, join(dir, 'absent')]);
    expect(removed.map((f) => f.path.slice(dir.length + 1)).sort()).toEqual(
      [
        `.name.tmp-${dead}`,
        `log.parquet.tmp-${dead}`,
        `logreg.old-${dead}-1796398657426`,
        `logreg.tmp-${dead}-1796398657426`,
        `metrics.json.tmp-${dead}-0`,
      ].sort(),
    );
    expect(removed.reduce((n, f) => n + f.bytes, 0)).toBe(3000 + 1 + 1000 + 15);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'log.parquet',
        'logreg',
        `mlp.old-${dead}-1796398657426`,
        'notes.tmp-abc',
        `own.parquet.tmp-${process.pid}`,
        `user.parquet.tmp-${live}`,
      ].sort(),
    );
    // On a signal a stage removes its own, and only its own.
    expect(removeOwnTempFiles([dir]).map((f) => f.pid)).toEqual([process.pid]);
    expect(findTempFiles([dir], () => true).map((f) => f.pid)).toEqual([live]);
  });
});
