/**
 * Feature benchmark on the synthetic log (issue 5): the build + merge of every train/eval category as
 * the CLI stages run them (context, buildAllCategories, mergeFeatures) against the 10 s / 3 GiB target;
 * then each category alone in this thread and the merge: rows/s, wall and CPU seconds, peak RSS of the
 * phase; then candidates/s of the as-of featuriser. Usage (from packages/features):
 *   pnpm bench                      # 100,000 and 1,000,000 raw rows
 *   pnpm bench 1000000 --lanes 2    # build with 2 lanes (this thread + 1 worker) instead of the default
 *   pnpm bench 100000 --max-candidates 5000000
 * The synthetic logs (and their de-duplicated parquet snapshots) are cached in $WEMOMS_BENCH_DIR, default
 * $TMPDIR/wemoms-features-bench. Wall times depend on machine load: CPU times (process.cpuUsage, all
 * threads) are printed beside them; run it a few times and keep the best.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expandCandidates, GROUPINGS, makeDataset } from '@wemoms/dataset';
import { BufferArena, CATEGORY_NAMES, createFeatureContext, featurizeCandidates } from '../src/index.js';
import { buildAllCategories, buildCategory, categoryPath, mergeFeatures } from '../src/node.js';
import { benchDir, loadBenchLog } from './bench-log.js';
import { RssMonitor } from './rss-monitor.js';

const args = process.argv.slice(2);
function option(name: string): number | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : undefined;
}
const maxCandidates = option('--max-candidates') ?? 20_000_000;
const lanes = option('--lanes');
const sizes = args.filter((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')).map(Number);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);

const GiB = 1024 ** 3;
const TARGET_SECONDS = 10;
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const rss = () => process.memoryUsage().rss;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const monitor = new RssMonitor();

/** Wall and CPU seconds and the peak RSS of one synchronous or async phase. */
async function measure<T>(
  phase: () => T | Promise<T>,
): Promise<{ value: T; wall: number; cpu: number; peak: number }> {
  monitor.reset();
  const c = cpu();
  const t = performance.now();
  const value = await phase();
  return { value, wall: (performance.now() - t) / 1000, cpu: cpu() - c, peak: monitor.peak() };
}

/** One table line: name, wall s, cpu s, rows/s (wall), peak RSS. */
function line(name: string, rows: number, m: { wall: number; cpu: number; peak: number }, note = ''): string {
  return (
    `  ${name.padEnd(22)} ${m.wall.toFixed(2).padStart(7)} ${m.cpu.toFixed(2).padStart(7)} ` +
    `${fmt(rows / m.wall).padStart(12)} ${gib(m.peak).padStart(10)}${note}`
  );
}
const HEADER = `  ${''.padEnd(22)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'rows/s'.padStart(12)} ${'peak RSS'.padStart(10)}`;

async function run(rows: number): Promise<void> {
  const cache = benchDir();
  const table = await loadBenchLog(rows, console.log);
  const dataset = makeDataset(table);
  const { log, split, catalog } = dataset;
  const trainEval = Int32Array.from([...split.train, ...split.eval]);
  const n = trainEval.length;
  const out = join(cache, `out-${rows}`);
  rmSync(out, { recursive: true, force: true });
  console.log(
    `\n== ${fmt(rows)} raw rows: ${fmt(log.length)} after dedup, ${fmt(n)} train+eval rows ` +
      `(rss before features ${gib(rss())})`,
  );

  // The target: context + every category + merge, as `wemoms build-features` then `merge-features`.
  console.log(
    `build + merge (default lanes unless --lanes; rows/s = train+eval rows per wall s):\n${HEADER}`,
  );
  const context = await measure(() =>
    createFeatureContext(log, { postCreationMicros: catalog.creationMicros }),
  );
  const built = await measure(() =>
    buildAllCategories({
      context: context.value,
      rows: trainEval,
      outDir: join(out, 'interim'),
      concurrency: lanes,
    }),
  );
  const merged = await measure(() =>
    mergeFeatures({
      log,
      train: split.train,
      eval: split.eval,
      interimDir: join(out, 'interim'),
      outPath: join(out, 'features.parquet'),
    }),
  );
  console.log(line('context', n, context));
  console.log(
    line('all categories', n, built, `  (${built.value.length} categories, lanes ${lanes ?? 'default'})`),
  );
  console.log(line('merge', n, merged, `  (${merged.value.features.length} features)`));
  const wall = context.wall + built.wall + merged.wall;
  const cpuTotal = context.cpu + built.cpu + merged.cpu;
  console.log(
    `  TOTAL build + merge ${wall.toFixed(2)} s wall (target < ${TARGET_SECONDS} s: ${wall < TARGET_SECONDS ? 'met' : 'MISSED'}), ` +
      `cpu ${cpuTotal.toFixed(2)} s; process peak RSS ${gib(peakRss())} (target < 3 GiB)`,
  );

  // Each category alone in this thread, on a fresh context (not timed) so that it pays for the key
  // indexes it builds, as one `wemoms build-features --category NAME` does; then the merge of its files.
  console.log(
    `per category (in this thread, one at a time, fresh context each; the merge again on these files):\n${HEADER}`,
  );
  for (const name of CATEGORY_NAMES) {
    const fresh = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
    const m = await measure(() =>
      buildCategory(name, { context: fresh, rows: trainEval }, categoryPath(join(out, 'serial'), name)),
    );
    const { featurizeMs, writeMs } = m.value;
    console.log(line(name, n, m, `  (featurize ${fmt(featurizeMs)} ms, write ${fmt(writeMs)} ms)`));
  }
  const again = await measure(() =>
    mergeFeatures({
      log,
      train: split.train,
      eval: split.eval,
      interimDir: join(out, 'serial'),
      outPath: join(out, 'features-serial.parquet'),
    }),
  );
  console.log(line('merge', n, again));

  // As-of featuriser over the candidate stream (not written to disk): fresh arrays per batch (default),
  // then recycled ones (reuseBuffers, what a streaming consumer such as score + top-10 would use).
  for (const reuse of [false, true]) {
    const arena = reuse ? new BufferArena() : false;
    const m = await measure(() => {
      let candidates = 0;
      outer: for (const grouping of GROUPINGS) {
        for (const groups of dataset.groups[grouping]) {
          const chunks = expandCandidates(groups, catalog);
          for (const { features } of featurizeCandidates(context.value, chunks, { reuseBuffers: arena })) {
            candidates += features.length;
            if (candidates >= maxCandidates) break outer;
          }
        }
      }
      return candidates;
    });
    console.log(
      `as-of featuriser${reuse ? ' (reuseBuffers)' : ''}: ${fmt(m.value)} candidates in ${m.wall.toFixed(1)} s = ` +
        `${fmt(m.value / m.wall)} candidates/s (all categories; cpu ${m.cpu.toFixed(2)} s = ` +
        `${fmt(m.value / m.cpu)} per cpu-s; peak RSS ${gib(m.peak)})`,
    );
  }
  rmSync(out, { recursive: true, force: true });
}

for (const rows of sizes) await run(rows);
await monitor.stop();
