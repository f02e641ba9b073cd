/**
 * Ties a long-running script (the demo's dev server) to the command that started it. `pnpm --filter
 * @wemoms/demo start` runs pnpm -> sh -> tsx -> node: a SIGTERM (or SIGKILL) to pnpm alone used to leave
 * the node process serving the port as an orphan. Here the server stops on SIGINT / SIGTERM / SIGHUP, and
 * also as soon as any process that started it (its ancestors when it began) is gone.
 */
import { readFileSync } from 'node:fs';

/** The parent pid of `pid` from /proc (Linux), or null where /proc is not available. */
function parentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: `pid (comm) state ppid ...`; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/** This process's ancestors, nearest first, below init (only the parent where /proc is missing). */
export function ancestors(): number[] {
  const out: number[] = [];
  let pid: number | null = process.ppid;
  while (pid !== null && pid > 1 && out.length < 32) {
    out.push(pid);
    pid = parentOf(pid);
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `stop` once, then exits, on SIGINT, SIGTERM or SIGHUP, or when one of the processes that started
 * this one has exited (checked every `intervalMs`).
 */
export function stopWithParents(
  stop: (reason: string) => Promise<void> | void,
  options: { intervalMs?: number } = {},
): void {
  const watched = ancestors();
  const parent = process.ppid;
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    try {
      await stop(reason);
    } finally {
      process.exit(0);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void shutdown(`received ${signal}`));
  const timer = setInterval(() => {
    const gone = watched.find((pid) => !alive(pid));
    if (gone !== undefined || process.ppid !== parent)
      void shutdown(`the process that started it (pid ${gone ?? parent}) has exited`);
  }, options.intervalMs ?? 500);
  // The check alone must not keep the process alive.
  timer.unref();
}
