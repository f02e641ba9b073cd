/**
 * Stopping `pnpm --filter @wemoms/demo start` stops the dev server: after a SIGTERM to pnpm alone (what a
 * supervisor or an IDE sends) and after a Ctrl+C (SIGINT to the whole process group), the port is closed
 * and no process the command started is left running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const empty = mkdtempSync(join(tmpdir(), 'wemoms-demo-start-'));
const started: ChildProcess[] = [];
afterAll(() => {
  // Whatever a failed assertion left behind: the groups this test created, and nothing else.
  for (const child of started) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
  rmSync(empty, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Every process whose parent chain leads to `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === root) {
        out.push(pid);
        break;
      }
  }
  return out;
}

/** Alive and not a zombie (a zombie is already dead, waiting for its parent to collect it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return condition();
}

/** Starts the demo the README's way on a free port; resolves once it serves, with its process tree. */
async function start(): Promise<{ pnpm: ChildProcess; port: number; tree: number[] }> {
  const port = await freePort();
  const pnpm = spawn(
    'pnpm',
    ['--filter', '@wemoms/demo', 'start', '--', '--no-export', '--port', String(port), '--out', empty],
    {
      cwd: repoRoot,
      detached: true, // its own process group, as a terminal gives a command
      stdio: 'ignore',
    },
  );
  started.push(pnpm);
  expect(await until(() => answers(port), 120_000), `the demo should serve on port ${port}`).toBe(true);
  const tree = descendants(pnpm.pid!);
  expect(tree.length).toBeGreaterThanOrEqual(2); // sh, tsx, node...
  return { pnpm, port, tree };
}

describe('pnpm --filter @wemoms/demo start', () => {
  it('stops the server when pnpm alone is sent SIGTERM (no orphan) and on Ctrl+C', async () => {
    const [alone, group] = await Promise.all([start(), start()]);
    process.kill(alone.pnpm.pid!, 'SIGTERM');
    process.kill(-group.pnpm.pid!, 'SIGINT');
    for (const { port, tree } of [alone, group]) {
      expect(await until(async () => !(await answers(port)), 15_000), `port ${port} still answers`).toBe(
        true,
      );
      expect(
        await until(() => tree.every((pid) => !running(pid)), 15_000),
        `left running: ${tree.filter(running)}`,
      ).toBe(true);
    }
  }, 240_000);
});
