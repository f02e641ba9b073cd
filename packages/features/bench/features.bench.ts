/**
 * Feature benchmark on the synthetic log: rows/s and peak RSS per category and for the merge, the
 * parallel build + merge wall time against the 10 s / 3 GiB target, and candidates/s of the as-of
 * featuriser. Usage (from packages/features):
 *   pnpm bench                      # 100,000 and 1,000,000 raw rows
 *   pnpm bench 100000 --max-candidates 5000000
 * The synthetic logs are cached in $TMPDIR/wemoms-features-bench. Figures depend on machine load.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRawLog } from '@wemoms/data-schema';
import { expandCandidates, GROUPINGS, makeDataset } from '@wemoms/dataset';
import { generateSyntheticLog } from '@wemoms/synthetic';
import { CATEGORY_NAMES, createFeatureContext, featurizeCandidates } from '../src/index.js';
import { buildAllCategories, buildCategory, categoryPath, mergeFeatures } from '../src/node.js';

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

async function run(rows: number): Promise<void> {
  const cache = join(tmpdir(), 'wemoms-features-bench');
  mkdirSync(cache, { recursive: true });
  const raw = join(cache, `synthetic-${rows}.json.gz`);
  if (!existsSync(raw)) {
    const t = now();
    await generateSyntheticLog({ rows, seed: 42, out: raw });
    console.log(`generated ${fmt(rows)} raw rows in ${((now() - t) / 1000).toFixed(1)} s`);
  }
  const { table } = await loadRawLog(raw);
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
  const t0 = now();
  const context = createFeatureContext(log, { postCreationMicros: catalog.creationMicros });
  const t1 = now();
  const built = await buildAllCategories({ context, rows: trainEval, outDir: join(out, 'interim') });
  const t2 = now();
  const merged = await mergeFeatures({
    log,
    train: split.train,
    eval: split.eval,
    interimDir: join(out, 'interim'),
    outPath: join(out, 'features.parquet'),
  });
  const t3 = now();
  const total = (t3 - t0) / 1000;
  console.log(`context            ${(t1 - t0).toFixed(0).padStart(7)} ms`);
  console.log(
    `all categories     ${(t2 - t1).toFixed(0).padStart(7)} ms  (${built.length} categories, worker threads)`,
  );
  console.log(
    `merge              ${(t3 - t2).toFixed(0).padStart(7)} ms  ${fmt(merged.rows / ((t3 - t2) / 1000)).padStart(12)} rows/s  ` +
      `${merged.features.length} features`,
  );
  console.log(
    `TOTAL              ${total.toFixed(2)} s (target < 10 s), process peak RSS ${gib(peakRss())} (target < 3 GiB)`,
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

  // As-of featuriser over the candidate stream (not written to disk).
  let candidates = 0;
  const tc = now();
  outer: for (const grouping of GROUPINGS) {
    for (const groups of dataset.groups[grouping]) {
      for (const { features } of featurizeCandidates(context, expandCandidates(groups, catalog))) {
        candidates += features.length;
        if (candidates >= maxCandidates) break outer;
      }
    }
  }
  const seconds = (now() - tc) / 1000;
  console.log(
    `as-of featuriser: ${fmt(candidates)} candidates in ${seconds.toFixed(1)} s = ${fmt(candidates / seconds)} candidates/s ` +
      `(all categories; peak RSS ${gib(peakRss())})`,
  );
  rmSync(out, { recursive: true, force: true });
}

for (const rows of sizes) await run(rows);
