import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRawLog, writeRawTableParquet } from '@wemoms/data-schema/node';
import { generateSyntheticLog } from '@wemoms/synthetic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../runtime/context.js';
import { loadLogSnapshot } from './load-log.js';

const workdir = mkdtempSync(join(tmpdir(), 'wemoms-load-log-'));
const silent = { write: () => true, isTTY: false };
const ctx = createContext({ workdir, quiet: true }, {}, { stdout: silent, stderr: silent });

beforeAll(async () => {
  const raw = join(workdir, 'raw.json.gzip');
  await generateSyntheticLog({ rows: 2_000, seed: 7, out: raw });
  const { table } = await loadRawLog(raw);
  writeRawTableParquet(ctx.paths.logSnapshot, table);
});
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('loadLogSnapshot', () => {
  it('reuses the loaded snapshot within a process while the file is unchanged', async () => {
    const first = await loadLogSnapshot(ctx);
    expect(first.log.length).toBeGreaterThan(1_000);
    expect(await loadLogSnapshot(ctx)).toBe(first);
  });

  it('keeps the snapshot in the context (shared by contexts spread from it), not in the process', async () => {
    const first = await loadLogSnapshot(ctx);
    expect(ctx.snapshot.current?.key).toContain(ctx.paths.logSnapshot);
    expect(await loadLogSnapshot({ ...ctx, print: () => {} })).toBe(first);
    const other = createContext({ workdir, quiet: true }, {}, { stdout: silent, stderr: silent });
    expect(other.snapshot.current).toBeNull();
    const own = await loadLogSnapshot(other);
    expect(own).not.toBe(first);
    expect(own.log.length).toBe(first.log.length);
  });

  it('reads the file again once it changed', async () => {
    const first = await loadLogSnapshot(ctx);
    const later = new Date(Date.now() + 60_000);
    utimesSync(ctx.paths.logSnapshot, later, later);
    const second = await loadLogSnapshot(ctx);
    expect(second).not.toBe(first);
    expect(second.log.length).toBe(first.log.length);
  });

  it('names the stage to run when the snapshot is missing', () => {
    const empty = createContext(
      { workdir: mkdtempSync(join(tmpdir(), 'wemoms-load-log-empty-')), quiet: true },
      {},
      { stdout: silent, stderr: silent },
    );
    expect(() => loadLogSnapshot(empty)).toThrow(/make-dataset/);
    rmSync(empty.workdir, { recursive: true, force: true });
  });
});
