/**
 * Runs one pipeline stage: times it, records the process's peak RSS, prints the one-line summary and,
 * when asked (bench children), appends the figures as a JSON line to a stats file.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatBytes, formatCompact, formatCount, formatDuration } from './format.js';
import type { Progress } from './progress.js';

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

/** Runs `body`, then prints its summary line and records its stats. Errors propagate untouched. */
export async function runStage(
  env: StageEnv,
  stage: string,
  body: () => Promise<StageOutcome> | StageOutcome,
): Promise<StageStats> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const outcome = await body();
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
