import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePaths } from '../config/paths.js';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { lockDirOf } from './lock.js';
import { createProgress } from './progress.js';
import { createWorkdirGuard, tempFolders } from './workdir-guard.js';

const quiet = createProgress({ stream: { write: () => true }, enabled: false });

describe('the workdir guard', () => {
  it('locks the workdir, the outputs only, or nothing, as the stage asks', () => {
    const workdir = mkdtempSync(join(tmpdir(), 'wemoms-guard-'));
    const paths = resolvePaths(workdir, DEFAULT_CONFIG);
    const guard = createWorkdirGuard(paths, quiet);
    const holders = () => readdirSync(lockDirOf(workdir)).filter((f) => f.endsWith('.json'));
    const whole = guard.enter('train', { outputs: [paths.modelDir] });
    expect(holders()).toHaveLength(1);
    whole();
    expect(holders()).toEqual([]);
    const reader = guard.enter('serve', { lock: 'none', outputs: [join(paths.reports, 'x.json')] });
    expect(holders()).toEqual([]);
    // Its outputs' folder was still checked (and made).
    expect(existsSync(paths.reports)).toBe(true);
    reader();
  });

  it('cleans only folders inside the workdir', () => {
    const workdir = mkdtempSync(join(tmpdir(), 'wemoms-guard-'));
    mkdirSync(join(workdir, 'elsewhere'));
    const paths = resolvePaths(workdir, {
      ...DEFAULT_CONFIG,
      paths: { ...DEFAULT_CONFIG.paths, raw: '/home/someone/logs/log.json.gz', reports: '/srv/reports' },
    });
    const folders = tempFolders(paths);
    expect(folders).not.toContain('/home/someone/logs');
    expect(folders).not.toContain('/srv/reports');
    expect(folders).toContain(paths.interim);
  });
});
