/**
 * `wemoms bench --rows N`: the whole pipeline on a fresh synthetic log in a temporary workdir, each stage
 * a child process (so its peak RSS is its own), then once more as `wemoms pipeline` in one process; prints
 * wall and CPU time, throughput and peak RSS per stage and saves them as JSON.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWriteFile } from '@wemoms/data-schema/node';
import { resolvePaths } from '../config/paths.js';
import { DEFAULT_CONFIG } from '../config/schema.js';
import type { BenchOptions } from '../program/bench.js';
import type { CliContext } from '../runtime/context.js';
import { CliError } from '../runtime/errors.js';
import { formatBytes, formatCompact, formatCount, formatTable } from '../runtime/format.js';
import type { StageStats } from '../runtime/stage.js';

interface BenchRow extends StageStats {
  /** Child process wall time, Node start-up and module loading included. */
  processSeconds: number;
}

/** The built CLI entry the children run (this file is bundled next to it in dist/). */
function cliEntry(): string {
  const fromArgv = process.argv[1];
  if (fromArgv && /bin\.(c|m)?js$/.test(fromArgv)) return resolve(fromArgv);
  const sibling = fileURLToPath(new URL('./bin.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  throw new CliError('bench runs the built CLI: run it as `pnpm bench` or `node apps/cli/dist/bin.js bench`');
}

function runChild(args: string[], io: CliContext['io']): Promise<number> {
  const started = performance.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolveRun((performance.now() - started) / 1000);
      else {
        io.stderr.write(err);
        reject(new CliError(`bench: \`wemoms ${args.slice(1).join(' ')}\` failed with exit code ${code}`));
      }
    });
  });
}

/** Links an existing raw log (and the ground truth beside it) where the bench workdir's stages look. */
function linkLog(log: string, workdir: string): void {
  if (!existsSync(log)) throw new CliError(`bench: --log ${log}: no such file`);
  const paths = resolvePaths(workdir, DEFAULT_CONFIG);
  mkdirSync(dirname(paths.raw), { recursive: true });
  symlinkSync(log, paths.raw);
  const truth = join(dirname(log), 'truth');
  if (existsSync(truth)) symlinkSync(truth, paths.truth);
}

export async function run(ctx: CliContext, options: BenchOptions): Promise<void> {
  const bin = cliEntry();
  const workdir = mkdtempSync(join(tmpdir(), `wemoms-bench-${options.log ? 'log' : options.rows}-`));
  const statsFile = join(workdir, 'stats.jsonl');
  const common = [bin, '--workdir', workdir, '--quiet', '--stats-file', statsFile];
  const maxGroups = options.maxGroups ? ['--max-groups', String(options.maxGroups)] : [];
  const rankDay = options.rankDate ?? ctx.config.split.test.first;
  const allStages: string[][] = [
    ...(options.log
      ? []
      : [['generate-data', '--rows', String(options.rows), '--seed', String(options.seed)]]),
    ['make-dataset', ...(options.mode ? ['--mode', options.mode] : [])],
    ['build-features'],
    ['merge-features'],
    ['train'],
    ['predict', ...maxGroups],
    ['evaluate'],
    [
      'rank',
      '--date',
      rankDay,
      '--limit',
      '1',
      ...(options.rankCandidates ? ['--candidates', options.rankCandidates] : []),
    ],
  ];
  const known = new Set(['generate-data', ...allStages.map((s) => s[0])]);
  for (const name of options.stages ?? [])
    if (!known.has(name))
      throw new CliError(`bench: --stages: unknown stage ${name} (expected ${[...known].join(', ')})`);
  const stages = options.stages ? allStages.filter((s) => options.stages?.includes(s[0])) : allStages;
  const onePipeline = options.stages === undefined;
  if (options.log) linkLog(resolve(options.log), workdir);
  ctx.progress.log(
    options.log
      ? `bench: ${options.log} in ${workdir}`
      : `bench: ${formatCount(options.rows)} rows in ${workdir}`,
  );
  const processSeconds: number[] = [];
  try {
    for (const stage of stages) {
      ctx.progress.log(`bench: ${stage.join(' ')}`);
      processSeconds.push(await runChild([...common, ...stage], ctx.io));
    }
    const recorded = readFileSync(statsFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as StageStats);
    if (recorded.length !== stages.length) {
      throw new CliError(
        `bench: expected ${stages.length} stage records in ${statsFile}, got ${recorded.length}`,
      );
    }
    // The same stages once more in one process (`wemoms pipeline`): no start-up per stage, and the log
    // snapshot and feature indexes are loaded once. Skipped when --stages picks some.
    const oneProcessStats = join(workdir, 'stats-pipeline.jsonl');
    let oneProcessSeconds = 0;
    let oneProcessStages: StageStats[] = [];
    if (onePipeline) {
      ctx.progress.log('bench: pipeline (one process)');
      oneProcessSeconds = await runChild(
        [bin, '--workdir', workdir, '--quiet', '--stats-file', oneProcessStats, 'pipeline', ...maxGroups],
        ctx.io,
      );
      oneProcessStages = readFileSync(oneProcessStats, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as StageStats)
        .filter((r) => r.stage !== 'generate-data');
    }
    const rows: BenchRow[] = recorded.map((r, i) => ({ ...r, processSeconds: processSeconds[i] }));
    // make-dataset counts the lines it read: the log's size whether generated or reused.
    const logRows = rows.find((r) => r.stage === 'make-dataset')?.count ?? options.rows;
    const pipeline = rows.filter((r) => r.stage !== 'generate-data' && r.stage !== 'rank');
    const endToEnd = {
      stageSeconds: pipeline.reduce((s, r) => s + r.wallSeconds, 0),
      cpuSeconds: pipeline.reduce((s, r) => s + r.cpuSeconds, 0),
      processSeconds: pipeline.reduce((s, r) => s + r.processSeconds, 0),
      peakRssBytes: Math.max(...pipeline.map((r) => r.peakRssBytes)),
    };
    const oneProcess = {
      stageSeconds: oneProcessStages.reduce((s, r) => s + r.wallSeconds, 0),
      cpuSeconds: oneProcessStages.reduce((s, r) => s + r.cpuSeconds, 0),
      processSeconds: oneProcessSeconds,
      peakRssBytes: Math.max(...oneProcessStages.map((r) => r.peakRssBytes)),
      stages: oneProcessStages,
    };
    const table = formatTable(
      ['stage', 'wall s', 'CPU s', 'process s', 'count', 'per s', 'peak RSS'],
      [
        ...rows.map((r) => [
          r.stage,
          r.wallSeconds.toFixed(2),
          r.cpuSeconds.toFixed(2),
          r.processSeconds.toFixed(2),
          `${formatCompact(r.count)} ${r.unit}`,
          formatCompact(r.perSecond),
          formatBytes(r.peakRssBytes),
        ]),
        [
          'raw log -> metrics',
          endToEnd.stageSeconds.toFixed(2),
          endToEnd.cpuSeconds.toFixed(2),
          endToEnd.processSeconds.toFixed(2),
          `${formatCompact(logRows)} rows`,
          formatCompact(logRows / endToEnd.stageSeconds),
          formatBytes(endToEnd.peakRssBytes),
        ],
        ...(onePipeline
          ? [
              [
                'same, one process',
                oneProcess.stageSeconds.toFixed(2),
                oneProcess.cpuSeconds.toFixed(2),
                oneProcess.processSeconds.toFixed(2),
                `${formatCompact(logRows)} rows`,
                formatCompact(logRows / oneProcess.stageSeconds),
                formatBytes(oneProcess.peakRssBytes),
              ],
            ]
          : []),
      ],
    );
    ctx.print(table);
    const out = options.out ? resolve(options.out) : join(ctx.paths.reports, `bench-${logRows}.json`);
    const result = {
      rows: logRows,
      log: options.log ? resolve(options.log) : null,
      seed: options.seed,
      maxGroups: options.maxGroups ?? null,
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      date: new Date().toISOString(),
      stages: rows,
      endToEnd,
      oneProcess: onePipeline ? oneProcess : null,
      stagesRun: stages.map((st) => st[0]),
    };
    atomicWriteFile(out, `${JSON.stringify(result, null, 2)}\n`);
    ctx.progress.log(`bench: saved ${out}`);
  } finally {
    if (options.keep) ctx.progress.log(`bench: kept ${workdir}`);
    else rmSync(workdir, { recursive: true, force: true });
  }
}
