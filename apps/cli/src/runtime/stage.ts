/**
 * Runs one pipeline stage: times it, records the process's peak RSS, prints the one-line summary and,
 * when asked (bench children), appends the figures as a JSON line to a stats file.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatBytes, formatCompact, formatCount, formatDuration } from './format.js';
import { toUserError } from './fs-errors.js';
import type { Progress } from './progress.js';
import type { StageGuard, StageGuardOptions } from './workdir-guard.js';

export interface StageOutcome {
  /** Units processed (rows, candidates, groups...) for the rate column. */
  count: number;
  unit: string;
  /** What the stage produced, one short clause (files, key figures). */
  summary: string;
  /** Extra figures recorded in stats (e.g. candidates per grouping). */
  figures?: Record<string, number>;
}

export interface StageStats {
  stage: string;
  wallSeconds: number;
  /**
   * CPU seconds of the whole process (every thread, user + system) during the stage: on a shared
   * machine the steadier figure, and above wallSeconds when worker threads ran in parallel.
   */
  cpuSeconds: number;
  count: number;
  unit: string;
  perSecond: number;
  /** Peak resident set size of this process so far, bytes (process.resourceUsage().maxRSS). */
  peakRssBytes: number;
  figures: Record<string, number>;
}

export interface StageEnv {
  progress: Progress;
  /** Where bench children append their StageStats as JSON lines. */
  statsFile?: string;
  /** The workdir's lock, stale temp files and output checks (absent: none, e.g. in unit tests). */
  guard?: StageGuard;
  /** Failures are shown relative to it (`cannot write reports/x: ...`). */
  workdir?: string;
}

/** Peak RSS of this process so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** One-line stage summary: `✔ train  3.21 s  40.1k rows (12.5k rows/s)  peak RSS 410 MiB  model in models/logreg`. */
export function formatStageLine(stats: StageStats, summary: string): string {
  return [
    `✔ ${stats.stage}`,
    formatDuration(stats.wallSeconds),
    `${formatCount(stats.count)} ${stats.unit} (${formatCompact(stats.perSecond)} ${stats.unit}/s)`,
    `peak RSS ${formatBytes(stats.peakRssBytes)}`,
    summary,
  ].join('  ');
}

/**
 * Runs `body` under the workdir guard (the lock, stale temp files removed, `options.outputs` checked
 * writable), then prints its summary line and records its stats. Errors a user can act on (fs errors,
 * a bad log, a damaged model) become one-line CliErrors; the lock is released whatever happens.
 */
export async function runStage(
  env: StageEnv,
  stage: string,
  body: () => Promise<StageOutcome> | StageOutcome,
): Promise<StageStats>;
/** The same, declaring what the stage writes (`outputs`) and how much of the workdir it locks (`lock`). */
export async function runStage(
  env: StageEnv,
  stage: string,
  options: StageGuardOptions,
  body: () => Promise<StageOutcome> | StageOutcome,
): Promise<StageStats>;
export async function runStage(
  env: StageEnv,
  stage: string,
  optionsOrBody: StageGuardOptions | (() => Promise<StageOutcome> | StageOutcome),
  maybeBody?: () => Promise<StageOutcome> | StageOutcome,
): Promise<StageStats> {
  const options = typeof optionsOrBody === 'function' ? {} : optionsOrBody;
  const body = typeof optionsOrBody === 'function' ? optionsOrBody : (maybeBody as () => StageOutcome);
  let release: (() => void) | undefined;
  let outcome: StageOutcome;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  try {
    release = env.guard?.enter(stage, options);
    outcome = await body();
  } catch (error) {
    throw toUserError(error, env.workdir, options.outputs);
  } finally {
    release?.();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const stats: StageStats = {
    stage,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    count: outcome.count,
    unit: outcome.unit,
    perSecond: wallSeconds > 0 ? outcome.count / wallSeconds : 0,
    peakRssBytes: peakRssBytes(),
    figures: outcome.figures ?? {},
  };
  env.progress.log(formatStageLine(stats, outcome.summary));
  if (env.statsFile) {
    mkdirSync(dirname(env.statsFile), { recursive: true });
    appendFileSync(env.statsFile, `${JSON.stringify(stats)}\n`);
  }
  return stats;
}
