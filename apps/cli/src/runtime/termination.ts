/**
 * SIGINT (Ctrl-C) and SIGTERM (a CI timeout, `kill`) end a stage without running its finally blocks. The
 * runtime registers here what must still happen (its temp files removed, the workdir lock released); the
 * process then dies of the same signal, as it would without a handler, so a shell or turbo sees why.
 */

const cleanups: (() => void)[] = [];
let installed = false;

let deferred: ((signal: NodeJS.Signals) => void) | null = null;

function onSignal(signal: NodeJS.Signals): void {
  if (deferred) {
    deferred(signal);
    return;
  }
  // Last registered first: a stage's temp files go before the lock its pipeline holds.
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // dying anyway: the next stage's stale temp file cleanup finishes the job
    }
  }
  uninstall();
  process.kill(process.pid, signal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** Runs `cleanup` if SIGINT or SIGTERM arrives before the returned function unregisters it. */
export function onTerminationSignal(cleanup: () => void): () => void {
  cleanups.push(cleanup);
  if (!installed) {
    installed = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return () => {
    const at = cleanups.lastIndexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
    if (cleanups.length === 0) uninstall();
  };
}

/**
 * While registered, SIGINT/SIGTERM go to `handler` instead of ending the process (the cleanups wait):
 * `with-lock` forwards them to its child and keeps the lock until the child is gone. Returns its
 * unregistration.
 */
export function deferTerminationSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  deferred = handler;
  const unregister = onTerminationSignal(() => {});
  return () => {
    if (deferred === handler) deferred = null;
    unregister();
  };
}
