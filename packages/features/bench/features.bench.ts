/**
 * Feature benchmark on the synthetic log: rows/s and peak RSS per category and for the merge, the
 * parallel build + merge wall time against the 10 s / 3 GiB target, and candidates/s of the as-of
 * featuriser. Usage (from packages/features):
 *   pnpm bench                      # 100,000 and 1,000,000 raw rows
 *   pnpm bench 100000 --max-candidates 5000000
 * The synthetic logs (and their de-duplicated parquet snapshots) are cached in $WEMOMS_BENCH_DIR, default
 * $TMPDIR/wemoms-features-bench. Wall times depend on machine load: CPU times (process.cpuUsage, all
 * threads) are printed beside them.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expandCandidates, GROUPINGS, makeDataset } from '@wemoms/dataset';
import { BufferArena, CATEGORY_NAMES, createFeatureContext, featurizeCandidates } from '../src/index.js';
import { buildAllCategories, buildCategory, categoryPath, mergeFeatures } from '../src/node.js';
import { benchDir, loadBenchLog } from './benchLog.js';

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max-candidates');
const maxCandidates = maxAt >= 0 ? Number(args[maxAt + 1]) : 20_000_000;
const sizes = args.filter((a, i) => /^\d+$/.test(a) && (maxAt < 0 || i !== maxAt + 1)).map(Number);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);

const GiB = 1024 ** 3;
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const rss = () => process.memoryUsage().rss;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const now = () => performance.now();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpuSince = (from: number) => `cpu ${((cpu() - from) / 1000).toFixed(2)} s`;

async function run(rows: number): Promise<void> {
  const cache = benchDir();
  const table = await loadBenchLog(rows, console.log);
  const dataset = makeDataset(table);
  const { log, split, catalog } = dataset;
  const trainEval = Int32Array.from([...split.train, ...split.eval]);
  const out = join(cache, `out-${rows}`);
  rmSync(out, { recursive: true, force: true });
  console.log(
    `\n== ${fmt(rows)} raw rows: ${fmt(log.length)} after dedup, ${fmt(trainEval.length)} train+eval rows ` +
      `(rss before features ${gib(rss())})`,
  );

  // The target: context + every category (worker threads) + merge, wall time and process peak RSS.
  const c0 = cpu();
  const t0 = now();
  const context = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
  const t1 = now();
  const c1 = cpu();
  const built = await buildAllCategories({ context, rows: trainEval, outDir: join(out, 'interim') });
  const t2 = now();
  const c2 = cpu();
  const merged = await mergeFeatures({
    log,
    train: split.train,
    eval: split.eval,
    interimDir: join(out, 'interim'),
    outPath: join(out, 'features.parquet'),
  });
  const t3 = now();
  const total = (t3 - t0) / 1000;
  console.log(
    `context            ${(t1 - t0).toFixed(0).padStart(7)} ms  (cpu ${((c1 - c0) / 1000).toFixed(2)} s)`,
  );
  console.log(
    `all categories     ${(t2 - t1).toFixed(0).padStart(7)} ms  (${built.length} categories, worker threads, cpu ${((c2 - c1) / 1000).toFixed(2)} s)`,
  );
  console.log(
    `merge              ${(t3 - t2).toFixed(0).padStart(7)} ms  ${fmt(merged.rows / ((t3 - t2) / 1000)).padStart(12)} rows/s  ` +
      `${merged.features.length} features  (${cpuSince(c2)})`,
  );
  console.log(
    `TOTAL              ${total.toFixed(2)} s (target < 10 s; ${cpuSince(c0)}), process peak RSS ${gib(peakRss())} (target < 3 GiB)`,
  );

  // Per category, one at a time in this thread: rows/s and the process RSS high-water mark after it.
  console.log('per category (in-thread):   featurize ms   write ms        rows/s   peak RSS so far');
  for (const name of CATEGORY_NAMES) {
    const r = buildCategory(name, { context, rows: trainEval }, categoryPath(join(out, 'serial'), name));
    const seconds = (r.featurizeMs + r.writeMs) / 1000;
    console.log(
      `  ${name.padEnd(20)} ${r.featurizeMs.toFixed(0).padStart(10)} ${r.writeMs.toFixed(0).padStart(10)} ` +
        `${fmt(r.rows / seconds).padStart(13)}   ${gib(peakRss())}`,
    );
  }

  // As-of featuriser over the candidate stream (not written to disk): fresh arrays per batch (default),
  // then recycled ones (reuseBuffers, what a streaming consumer such as score + top-10 would use).
  for (const reuse of [false, true]) {
    let candidates = 0;
    const arena = reuse ? new BufferArena() : false;
    const cc = cpu();
    const tc = now();
    outer: for (const grouping of GROUPINGS) {
      for (const groups of dataset.groups[grouping]) {
        const chunks = expandCandidates(groups, catalog);
        for (const { features } of featurizeCandidates(context, chunks, { reuseBuffers: arena })) {
          candidates += features.length;
          if (candidates >= maxCandidates) break outer;
        }
      }
    }
    const seconds = (now() - tc) / 1000;
    const cpuSeconds = (cpu() - cc) / 1000;
    console.log(
      `as-of featuriser${reuse ? ' (reuseBuffers)' : ''}: ${fmt(candidates)} candidates in ${seconds.toFixed(1)} s = ` +
        `${fmt(candidates / seconds)} candidates/s (all categories; cpu ${cpuSeconds.toFixed(2)} s = ` +
        `${fmt(candidates / cpuSeconds)} per cpu-s; peak RSS ${gib(peakRss())})`,
    );
  }
  rmSync(out, { recursive: true, force: true });
}

for (const rows of sizes) await run(rows);
