/**
 * Progress of long stages. On a terminal: one bar redrawn in place (rows, rate, ETA), at most ~10 times a
 * second. When stderr is not a TTY or under CI: a plain line every `intervalMs` so logs stay readable.
 */
import { formatCompact, formatDuration } from './format.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  /** Bar mode; default: stream.isTTY and not CI. */
  interactive?: boolean;
  /** false disables all output (--quiet, bench children). */
  enabled?: boolean;
  /** Plain-mode line interval; default 2000 ms. */
  intervalMs?: number;
  /** Injected clock in ms (tests). */
  now?: () => number;
}

export interface ProgressTask {
  /** Adds `n` done units. */
  tick(n: number): void;
  /** Sets the done count. */
  update(done: number): void;
  /** Sets or changes the expected total (unknown totals show no ETA). */
  setTotal(total: number): void;
  /** Clears the bar (TTY) and returns the elapsed seconds. */
  done(): number;
}

export interface Progress {
  start(label: string, total: number | null, unit?: string): ProgressTask;
  /** Prints a line, above the bar when one is drawn. */
  log(line: string): void;
}

/** True under common CI environments (CI=true, CI=1, GITHUB_ACTIONS...). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return (
    (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') || !!env.GITHUB_ACTIONS
  );
}

/** One progress line: `label 1.20M/2.40M rows 50% 850.0k rows/s ETA 1.41 s`. */
export function describeProgress(
  label: string,
  done: number,
  total: number | null,
  unit: string,
  elapsedS: number,
): string {
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const parts = [
    label,
    total ? `${formatCompact(done)}/${formatCompact(total)} ${unit}` : `${formatCompact(done)} ${unit}`,
  ];
  if (total) parts.push(`${Math.min(100, Math.floor((100 * done) / total))}%`);
  parts.push(`${formatCompact(rate)} ${unit}/s`);
  if (total && rate > 0) parts.push(`ETA ${formatDuration(Math.max(0, total - done) / rate)}`);
  return parts.join('  ');
}

/** Creates a progress reporter writing to `options.stream`. */
export function createProgress(options: ProgressOptions): Progress {
  const { stream } = options;
  const enabled = options.enabled ?? true;
  const interactive = options.interactive ?? (!!stream.isTTY && !isCi());
  const interval = options.intervalMs ?? 2000;
  const now = options.now ?? (() => performance.now());
  let barShown = false;

  const clearBar = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };

  return {
    log(line) {
      if (!enabled) return;
      clearBar();
      stream.write(`${line}\n`);
    },
    start(label, initialTotal, unit = 'rows') {
      const started = now();
      let total = initialTotal;
      let done = 0;
      let lastDraw = Number.NEGATIVE_INFINITY;
      const draw = (force: boolean) => {
        if (!enabled) return;
        const t = now();
        if (!force && t - lastDraw < (interactive ? 100 : interval)) return;
        if (!interactive && done === 0) return;
        lastDraw = t;
        const line = describeProgress(label, done, total, unit, (t - started) / 1000);
        if (interactive) {
          const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - line.length - 4));
          const filled = total ? Math.round((width * Math.min(done, total)) / total) : 0;
          const bar = total ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
          stream.write(`\r\x1b[2K${bar}${line}`);
          barShown = true;
        } else {
          stream.write(`${line}\n`);
        }
      };
      if (!interactive) lastDraw = started;
      return {
        tick(n) {
          done += n;
          draw(false);
        },
        update(value) {
          done = value;
          draw(false);
        },
        setTotal(value) {
          total = value;
        },
        done() {
          if (interactive) clearBar();
          return (now() - started) / 1000;
        },
      };
    },
  };
}
