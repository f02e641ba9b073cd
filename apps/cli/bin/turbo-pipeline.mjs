#!/usr/bin/env node
/**
 * The last step of `pnpm pipeline` (the `wemoms:pipeline` script): `turbo run pipeline`, with its output
 * made honest about the cache. A stage whose inputs did not change is restored from turbo's cache; turbo
 * would replay its old log, timings included, as if it had just run. Here such a stage prints one line
 * saying it was replayed from the cache, cached builds print nothing, and the run ends with what ran, what
 * was replayed, and the headline metrics. Plain JavaScript beside build-first.mjs (repository tooling).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * What to print for one line of turbo's output (`--output-logs=new-only`): the line, a rewrite, or null
 * to drop it. `state.summaryPath` receives the run summary's path.
 */
export function rewriteTurboLine(line, state) {
  const summary = /^\s*Summary:\s+(\S.*)$/.exec(line);
  if (summary) {
    state.summaryPath = summary[1].trim();
    return null;
  }
  // turbo's banner and footer: the run summary below says the same, about stages rather than tasks.
  if (/^\s*•\s/.test(line) || /^\s*(Tasks|Cached|Time):\s/.test(line)) return state.keepFooter ? line : null;
  // turbo's own spacing around the banner and footer (task lines always carry a `package:task: ` prefix).
  if (line.trim() === '') return null;
  const hit = /^(\S+?):(\S+): cache hit, suppressing logs \w+$/.exec(line);
  if (hit) {
    if (!hit[2].startsWith('pipeline:')) return null; // a cached package build
    return `${hit[1]}:${hit[2]}: replayed from cache (inputs unchanged): outputs restored, not re-run`;
  }
  if (/: cache bypass, force executing \w+$/.test(line)) return null;
  return line;
}

/** Seconds as `0.42 s`, `12.3 s`, `2m05s`. */
function duration(seconds) {
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.round(seconds - m * 60)).padStart(2, '0')}s`;
}

/**
 * The closing lines of a run from turbo's run summary (`--summarize`) and, when present, metrics.json:
 * which stages ran (and how long), which were replayed from the cache (and how long their original runs
 * took), and the headline metrics.
 */
export function describePipelineRun(summary, metrics) {
  // Pipeline order; cached stages all "start" at once, so start times cannot order them.
  const order = ['make-dataset', 'features:', 'merge-features', 'train', 'predict', 'evaluate'];
  const position = (t) => {
    const i = order.findIndex((o) => t.task.slice('pipeline:'.length).startsWith(o));
    return i === -1 ? order.length : i;
  };
  const byStart = (a, b) => position(a) - position(b) || (a.task < b.task ? -1 : 1);
  const stages = summary.tasks
    .filter((t) => t.task.startsWith('pipeline:') && t.task !== 'pipeline:prepare')
    .sort(byStart);
  const replayed = stages.filter((t) => t.cache.status === 'HIT');
  const ran = stages.filter((t) => t.cache.status !== 'HIT');
  const name = (t) => t.task.slice('pipeline:'.length);
  const took = (t) => (t.execution.endTime - t.execution.startTime) / 1000;
  const wall = (summary.execution.endTime - summary.execution.startTime) / 1000;
  const failed = stages.filter((t) => (t.execution.exitCode ?? 0) !== 0);
  const lines = [`pipeline: ${stages.length} stages in ${duration(wall)}`];
  lines.push(
    `  ran (${ran.length}): ${ran.length ? ran.map((t) => `${name(t)} ${duration(took(t))}`).join(', ') : 'none'}`,
  );
  if (replayed.length) {
    const original = replayed.reduce((s, t) => s + (t.cache.timeSaved ?? 0), 0) / 1000;
    lines.push(
      `  replayed from turbo's cache, inputs unchanged (${replayed.length}): ${replayed.map(name).join(', ')} ` +
        `(outputs restored; their original runs: ${duration(original)} of task time)`,
    );
  }
  if (failed.length) lines.push(`  failed (${failed.length}): ${failed.map(name).join(', ')}`);
  if (metrics) {
    const k = metrics.data?.k ?? 10;
    const parts = [];
    for (const grouping of ['impressions', 'userDay']) {
      const rows = metrics.groupings?.[grouping];
      if (!rows) continue;
      const rankers = Object.entries(rows)
        .filter(([, row]) => typeof row[`map@${k}`] === 'number')
        .map(([ranker, row]) => `${ranker} ${row[`map@${k}`].toFixed(4)}`);
      parts.push(`${grouping} MAP@${k} ${rankers.join(' / ')}`);
    }
    const sim = metrics.groupings?.userDay;
    if (sim && typeof sim.model?.[`simulatedCtr@${k}`] === 'number') {
      const rankers = Object.entries(sim)
        .filter(([, row]) => typeof row[`simulatedCtr@${k}`] === 'number')
        .map(([ranker, row]) => `${ranker} ${row[`simulatedCtr@${k}`].toFixed(4)}`);
      parts.push(`simulatedCtr@${k} ${rankers.join(' / ')}`);
    }
    if (parts.length) lines.push(`  ${parts.join('; ')} (reports/metrics.md, reports/report.html)`);
  }
  return lines;
}

/**
 * True when `pnpm pipeline` is an ancestor of this process (Linux /proc): its footer then counts this
 * script once per workspace project, and the closing line explains the "skipped" ones.
 */
export function underPnpmPipeline(pid = process.ppid) {
  for (let i = 0; i < 6 && pid > 1; i++) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => /(^|\/)pnpm(\.cjs|\.mjs)?$/.test(a)) && args.includes('pipeline')) return true;
      pid = Number(/^\d+ \(.*\) \S (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? 0);
    } catch {
      return false;
    }
  }
  return false;
}

async function main() {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  const root = join(packageDir, '../..');
  const turbo = spawn(
    join(root, 'node_modules/.bin/turbo'),
    ['run', 'pipeline', '--output-logs=new-only', '--summarize', ...process.argv.slice(2)],
    { cwd: packageDir, stdio: ['inherit', 'pipe', 'inherit'] },
  );
  const state = { summaryPath: null, keepFooter: false };
  const held = [];
  const lines = createInterface({ input: turbo.stdout });
  lines.on('line', (line) => {
    // turbo's own footer is held back and printed only if the run failed.
    if (/^\s*(Tasks|Cached|Time):\s/.test(line)) held.push(line);
    const out = rewriteTurboLine(line, state);
    if (out !== null) process.stdout.write(`${out}\n`);
  });
  const code = await new Promise((resolve) => turbo.on('close', (c) => resolve(c ?? 1)));
  if (code !== 0) for (const line of held) process.stdout.write(`${line}\n`);
  if (state.summaryPath && existsSync(state.summaryPath)) {
    const summary = JSON.parse(readFileSync(state.summaryPath, 'utf8'));
    rmSync(state.summaryPath, { force: true }); // one file per run otherwise piles up under .turbo/runs
    const metricsPath = join(root, 'reports/metrics.json');
    const metrics =
      code === 0 && existsSync(metricsPath) ? JSON.parse(readFileSync(metricsPath, 'utf8')) : null;
    process.stdout.write(`${describePipelineRun(summary, metrics).join('\n')}\n`);
  }
  if (underPnpmPipeline()) {
    process.stdout.write(
      "  (pnpm's footer below counts the wemoms:pipeline script once per workspace project: only " +
        '@wemoms/cli defines it, so the other projects show as skipped; no stage was skipped)\n',
    );
  }
  process.exitCode = code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
