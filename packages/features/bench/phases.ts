/**
 * Profiling harness (one phase at a time, CPU time per phase): `candidates` (the as-of featuriser over every
 * test candidate), `rows` (every category over the train+eval rows, in this thread), `write` (+ parquet
 * writes), `merge` (build in-thread, then time the merge only). Usage (from packages/features):
 *   node --cpu-prof --import tsx --conditions=source bench/phases.ts candidates 100000
 */
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { expandCandidates, GROUPINGS, makeDataset } from '@wemoms/dataset';
import {
  buildCategoryFrame,
  CATEGORY_NAMES,
  createFeatureContext,
  featurizeCandidates,
  getCategory,
  queriesFromRows,
} from '../src/index.js';
import { buildAllCategories, mergeFeatures } from '../src/node.js';
import { benchDir, loadBenchLog } from './benchLog.js';

const [phase = 'candidates', rowsArg = '100000', maxArg = '20000000'] = process.argv.slice(2);
const rows = Number(rowsArg);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const log = await loadBenchLog(rows);
const dataset = makeDataset(log);
const { split, catalog } = dataset;
const context = createFeatureContext(dataset.log, { postCreationMicros: catalog.creationMicros });
const trainEval = Int32Array.from([...split.train, ...split.eval]);
const c0 = cpu();
const t0 = performance.now();
let n = 0;
if (phase === 'candidates') {
  outer: for (const grouping of GROUPINGS) {
    for (const groups of dataset.groups[grouping]) {
      for (const { features } of featurizeCandidates(context, expandCandidates(groups, catalog))) {
        n += features.length;
        if (n >= Number(maxArg)) break outer;
      }
    }
  }
} else if (phase === 'rows') {
  for (const name of CATEGORY_NAMES) {
    const c = cpu();
    buildCategoryFrame(getCategory(name), context, queriesFromRows(dataset.log, trainEval));
    console.log(`  ${name.padEnd(20)} cpu ${(cpu() - c).toFixed(3)} s`);
  }
  n = trainEval.length;
} else {
  const out = join(benchDir(), `phases-${rows}`);
  rmSync(out, { recursive: true, force: true });
  await buildAllCategories({
    context,
    rows: trainEval,
    outDir: join(out, 'interim'),
    concurrency: phase === 'write' ? 1 : undefined,
  });
  const c = cpu();
  const t = performance.now();
  if (phase === 'merge') {
    const session = new Session();
    if (process.env.PROFILE_OUT) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    await mergeFeatures({
      log: dataset.log,
      train: split.train,
      eval: split.eval,
      interimDir: join(out, 'interim'),
      outPath: join(out, 'features.parquet'),
    });
    if (process.env.PROFILE_OUT) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    }
    console.log(
      `merge: wall ${((performance.now() - t) / 1000).toFixed(2)} s, cpu ${(cpu() - c).toFixed(2)} s`,
    );
  }
  rmSync(out, { recursive: true, force: true });
  n = trainEval.length;
}
const wall = (performance.now() - t0) / 1000;
const used = cpu() - c0;
console.log(
  `${phase} ${rows}: ${n} points, wall ${wall.toFixed(2)} s, cpu ${used.toFixed(2)} s = ${Math.round(n / used).toLocaleString('en-US')} per cpu-s`,
);
