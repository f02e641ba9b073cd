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
  BufferArena,
  buildCategoryFrame,
  CATEGORY_NAMES,
  createFeatureContext,
  featurizeCandidates,
  getCategory,
  queriesFromRows,
} from '../src/index.js';
import { buildAllCategories, mergeFeatures } from '../src/node.js';
import { benchDir, loadBenchLog } from './bench-log.js';

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
// PROFILE_OUT=file.cpuprofile: a CPU profile of the measured phase only (not the log load and set-up).
const session = new Session();
async function startProfile(): Promise<void> {
  if (!process.env.PROFILE_OUT) return;
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
async function stopProfile(): Promise<void> {
  if (!process.env.PROFILE_OUT) return;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
}
const inThread = ['candidates', 'candidates-reuse', 'candcat', 'rows'].includes(phase);
if (inThread) await startProfile();
const c0 = cpu();
const t0 = performance.now();
let n = 0;
if (phase === 'candidates' || phase === 'candidates-reuse') {
  const reuseBuffers = phase === 'candidates-reuse' ? new BufferArena() : false;
  outer: for (const grouping of GROUPINGS) {
    for (const groups of dataset.groups[grouping]) {
      for (const { features } of featurizeCandidates(context, expandCandidates(groups, catalog), {
        reuseBuffers,
        categories: process.env.CATEGORIES?.split(',').filter(Boolean),
      })) {
        n += features.length;
        if (n >= Number(maxArg)) break outer;
      }
    }
  }
} else if (phase === 'candcat') {
  // Per category CPU time over the same batches featurizeCandidates makes.
  const spent = new Map<string, number>();
  let runs = 0;
  outer: for (const grouping of GROUPINGS) {
    for (const groups of dataset.groups[grouping]) {
      for (const { chunk } of featurizeCandidates(context, expandCandidates(groups, catalog), {
        categories: [],
      })) {
        for (const name of CATEGORY_NAMES) {
          const c = cpu();
          buildCategoryFrame(getCategory(name), context, chunk);
          spent.set(name, (spent.get(name) ?? 0) + cpu() - c);
          spent.set(`(${grouping})`, (spent.get(`(${grouping})`) ?? 0) + cpu() - c);
        }
        spent.set(`(${grouping} rows)`, (spent.get(`(${grouping} rows)`) ?? 0) + chunk.length);
        for (let i = 1; i < chunk.length; i++)
          if (chunk.user[i] !== chunk.user[i - 1] || chunk.time[i] !== chunk.time[i - 1]) runs++;
        n += chunk.length;
        if (n >= Number(maxArg)) break outer;
      }
    }
  }
  for (const [name, s] of spent)
    console.log(
      `  ${name.padEnd(20)} cpu ${s.toFixed(3)} s = ${Math.round(n / s).toLocaleString('en-US')}/s`,
    );
  console.log(`  ${runs} (user, time) runs`);
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
    await startProfile();
    await mergeFeatures({
      log: dataset.log,
      train: split.train,
      eval: split.eval,
      interimDir: join(out, 'interim'),
      outPath: join(out, 'features.parquet'),
    });
    await stopProfile();
    console.log(
      `merge: wall ${((performance.now() - t) / 1000).toFixed(2)} s, cpu ${(cpu() - c).toFixed(2)} s`,
    );
  }
  rmSync(out, { recursive: true, force: true });
  n = trainEval.length;
}
const wall = (performance.now() - t0) / 1000;
if (inThread) await stopProfile();
console.log(
  `cpu split: user ${(process.cpuUsage().user / 1e6).toFixed(2)} s, system ${(process.cpuUsage().system / 1e6).toFixed(2)} s (whole process)`,
);
const used = cpu() - c0;
console.log(
  `${phase} ${rows}: ${n} points, wall ${wall.toFixed(2)} s, cpu ${used.toFixed(2)} s = ${Math.round(n / used).toLocaleString('en-US')} per cpu-s`,
);
