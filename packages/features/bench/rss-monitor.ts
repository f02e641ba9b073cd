import { Worker } from 'node:worker_threads';

/**
 * Peak resident memory of one phase, not of the process so far: a tiny worker thread samples the
 * process RSS every few milliseconds into shared memory, since the measured phase is synchronous and
 * the OS high-water mark (resourceUsage().maxRSS) never comes down between phases.
 */
export class RssMonitor {
  // [0]: peak RSS in KiB since the last reset.
  private readonly peakKiB = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;

  constructor(intervalMs = 5) {
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const peak = workerData.peak;
       setInterval(() => {
         const kib = Math.round(process.memoryUsage.rss() / 1024);
         if (kib > Atomics.load(peak, 0)) Atomics.store(peak, 0, kib);
       }, workerData.intervalMs);`,
      { eval: true, workerData: { peak: this.peakKiB, intervalMs } },
    );
    this.worker.unref();
  }

  /** Starts a phase: the peak restarts from the current RSS. */
  reset(): void {
    Atomics.store(this.peakKiB, 0, Math.round(process.memoryUsage.rss() / 1024));
  }

  /** Peak RSS in bytes since the last reset (current RSS included). */
  peak(): number {
    const now = Math.round(process.memoryUsage.rss() / 1024);
    return Math.max(now, Atomics.load(this.peakKiB, 0)) * 1024;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
