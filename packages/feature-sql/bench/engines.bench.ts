/**
 * The two feature engines on the same generated log: wall time, CPU seconds (all threads: the TypeScript
 * workers, DuckDB's threads) and peak RSS of building every category for every impression of the log
 * snapshot, each engine in its own child process (a clean peak RSS). Usage (from packages/feature-sql):
 *   pnpm bench 100000                  # both engines on a 100,000-row log
 *   pnpm bench 100000 --engine duckdb  # one engine
 *   pnpm bench 1000000 --memory-limit 1GB
 * Logs are cached in $WEMOMS_BENCH_DIR (default $TMPDIR/wemoms-feature-sql-bench). Wall times depend on the
 * machine's load: compare CPU seconds, and print `uptime` beside the figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deduplicate } from '@wemoms/data-schema';
import {
  loadRawLog,
  readRawTableParquet,
  writeParquet,
  writeRawTableParquet,
} from '@wemoms/data-schema/node';
import { buildPostCatalog } from '@wemoms/dataset';
import { createFeatureContext } from '@wemoms/features';
import { buildAllCategories } from '@wemoms/features/node';
import { generateSyntheticLog } from '@wemoms/synthetic';
import { buildCategoriesWithDuckDb } from '../src/node.js';

type Engine = 'ts' | 'duckdb';
const ENGINES: readonly Engine[] = ['ts', 'duckdb'];

interface Figures {
  readonly engine: Engine;
  readonly rows: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

function benchDir(): string {
  const dir = process.env.WEMOMS_BENCH_DIR ?? join(tmpdir(), 'wemoms-feature-sql-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The de-duplicated snapshot of a seeded `rows`-row log and a rows file listing all its rows (cached). */
async function prepare(rows: number): Promise<{ logPath: string; rowsPath: string }> {
  const dir = benchDir();
  const logPath = join(dir, `log-${rows}.parquet`);
  const rowsPath = join(dir, `rows-${rows}.parquet`);
  if (existsSync(logPath) && existsSync(rowsPath)) return { logPath, rowsPath };
  const raw = join(dir, `synthetic-${rows}.json.gz`);
  if (!existsSync(raw)) await generateSyntheticLog({ rows, seed: 42, out: raw });
  const { table } = await loadRawLog(raw, { mode: 'strict' });
  const { table: log } = deduplicate(table);
  writeRawTableParquet(logPath, log);
  const all = Int32Array.from({ length: log.length }, (_, i) => i);
  writeParquet(rowsPath, [{ name: 'row', type: 'int32', nullable: false, data: all }]);
  return { logPath, rowsPath };
}

/** One engine's build, timed from reading the snapshot to the last file written. */
async function runEngine(
  engine: Engine,
  logPath: string,
  rowsPath: string,
  outDir: string,
): Promise<Figures> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let rows: number;
  if (engine === 'ts') {
    const log = await readRawTableParquet(logPath);
    const context = createFeatureContext(log, { postCreationMicros: buildPostCatalog(log).creationMicros });
    const all = Int32Array.from({ length: log.length }, (_, i) => i);
    await buildAllCategories({ context, rows: all, outDir });
    rows = all.length;
  } else {
    const limit = option('--memory-limit');
    const results = await buildCategoriesWithDuckDb({
      logPath,
      rowPaths: [rowsPath],
      outDir,
      ...(limit === undefined ? {} : { memoryLimit: limit }),
    });
    rows = results[0].rows;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    engine,
    rows,
    wallSeconds: (performance.now() - start) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

async function main(): Promise<void> {
  if (args[0] === '--child') {
    const [, engine, logPath, rowsPath, outDir] = args;
    const figures = await runEngine(engine as Engine, logPath, rowsPath, outDir);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const rows = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 100_000);
  const only = option('--engine');
  if (only !== undefined && !ENGINES.includes(only as Engine)) {
    throw new Error(`unknown engine ${JSON.stringify(only)}: expected ts or duckdb`);
  }
  const engines = only === undefined ? ENGINES : [only as Engine];
  const { logPath, rowsPath } = await prepare(rows);
  const self = fileURLToPath(import.meta.url);
  for (const engine of engines) {
    const outDir = join(benchDir(), `out-${engine}-${process.pid}`);
    const memoryLimitArgs =
      option('--memory-limit') === undefined ? [] : ['--memory-limit', option('--memory-limit') as string];
    // A child per engine: its peak RSS is the engine's alone.
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, self, '--child', engine, logPath, rowsPath, outDir, ...memoryLimitArgs],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    rmSync(outDir, { recursive: true, force: true });
    if (child.status !== 0) throw new Error(`the ${engine} engine failed (exit ${child.status})`);
    const f = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as Figures;
    console.log(
      `${engine.padEnd(6)} ${rows.toLocaleString('en-US')} raw rows, ${f.rows.toLocaleString('en-US')} featurised: ` +
        `${f.wallSeconds.toFixed(1)} s wall, ${f.cpuSeconds.toFixed(1)} CPU-s, peak RSS ${(f.peakRssBytes / 1024 ** 3).toFixed(2)} GiB`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
