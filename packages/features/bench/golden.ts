/**
 * Bit-identity check for optimisation work: sha256 of every feature column of (1) every category over
 * the train+eval rows, (2) the as-of featuriser over every test candidate of every grouping (capped by
 * --max-candidates), (3) the merged features.parquet bytes. Usage (from packages/features):
 *   tsx --conditions=source bench/golden.ts 100000 [--max-candidates N] > golden.txt
 * and diff the output before/after a change. Logs as in features.bench.ts ($WEMOMS_BENCH_DIR).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readParquet } from '@wemoms/data-schema/node';
import { expandCandidates, GROUPINGS, makeDataset } from '@wemoms/dataset';
import type { FeatureFrame } from '../src/index.js';
import {
  BufferArena,
  CATEGORY_NAMES,
  createFeatureContext,
  featurize,
  featurizeCandidates,
  queriesFromRows,
} from '../src/index.js';
import { buildAllCategories, mergeFeatures } from '../src/node.js';
import { benchDir, loadBenchLog } from './bench-log.js';

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max-candidates');
const maxCandidates = maxAt >= 0 ? Number(args[maxAt + 1]) : 3_000_000;
const rows = Number(args.find((a, i) => /^\d+$/.test(a) && i !== maxAt + 1) ?? 100_000);

function hashFrame(hashes: Map<string, ReturnType<typeof createHash>>, frame: FeatureFrame): void {
  for (const spec of frame.specs) {
    let h = hashes.get(spec.name);
    if (h === undefined) {
      h = createHash('sha256');
      hashes.set(spec.name, h);
    }
    const c = frame.columns[spec.name];
    const data = c instanceof Float32Array ? c : c.codes;
    h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (!(c instanceof Float32Array)) h.update(JSON.stringify(c.dictionary));
  }
}

const log = await loadBenchLog(rows);
const dataset = makeDataset(log);
const { split, catalog } = dataset;
const context = createFeatureContext(dataset.log, { postCreationMicros: catalog.creationMicros });
const trainEval = Int32Array.from([...split.train, ...split.eval]);
const train = new Map<string, ReturnType<typeof createHash>>();
hashFrame(train, featurize(context, queriesFromRows(dataset.log, trainEval), CATEGORY_NAMES));
for (const [name, h] of train) console.log(`train ${name} ${h.digest('hex').slice(0, 16)}`);

let candidates = 0;
const arena = new BufferArena();
const cand = new Map<string, ReturnType<typeof createHash>>();
outer: for (const grouping of GROUPINGS) {
  for (const groups of dataset.groups[grouping]) {
    for (const { features } of featurizeCandidates(context, expandCandidates(groups, catalog), {
      reuseBuffers: process.env.GOLDEN_REUSE ? arena : false,
    })) {
      hashFrame(cand, features);
      candidates += features.length;
      if (candidates >= maxCandidates) break outer;
    }
  }
}
console.log(`candidates ${candidates}`);
for (const [name, h] of cand) console.log(`cand ${name} ${h.digest('hex').slice(0, 16)}`);

const out = join(benchDir(), `golden-${rows}`);
rmSync(out, { recursive: true, force: true });
await buildAllCategories({ context, rows: trainEval, outDir: join(out, 'interim') });
await mergeFeatures({
  log: dataset.log,
  train: split.train,
  eval: split.eval,
  interimDir: join(out, 'interim'),
  outPath: join(out, 'features.parquet'),
});
// The merged file's decoded content (its bytes also depend on data-schema's encoder choices).
const merged = await readParquet(join(out, 'features.parquet'));
const mergedHash = createHash('sha256');
for (const spec of merged.specs) {
  mergedHash.update(JSON.stringify(spec));
  const c = merged.columns[spec.name];
  if (ArrayBuffer.isView(c)) mergedHash.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  else if ('codes' in c) {
    mergedHash.update(new Uint8Array(c.codes.buffer, c.codes.byteOffset, c.codes.byteLength));
    mergedHash.update(JSON.stringify(c.dictionary));
  }
}
console.log(`merged content ${mergedHash.digest('hex').slice(0, 16)}`);
rmSync(out, { recursive: true, force: true });
