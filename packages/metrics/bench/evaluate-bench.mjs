// Throughput of the metrics on a synthetic grouping shaped like the `event` test set (many groups of a
// few thousand candidates, 1..maxPositives positives each). Run: `pnpm --filter @wemoms/metrics bench
// [rows] [groupSize] [maxPositives] [repeats]` (it builds first). Figures only; speed is never asserted in
// unit tests. Each step runs `repeats` times; the best wall time and its CPU time (process.cpuUsage, user +
// system) are printed: on a shared machine wall time is noisy, the minimum and the CPU time less so.
import { evaluateRankers, orderWithinGroups, randomScores, rankWithinGroups, rocAuc } from '../dist/index.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const groupSize = Number(process.argv[3] ?? 2_500);
const maxPositives = Number(process.argv[4] ?? 1);
const repeats = Number(process.argv[5] ?? 3);
const groups = Math.ceil(rows / groupSize);
const offsets = new Int32Array(groups + 1);
for (let g = 0; g <= groups; g++) offsets[g] = Math.min(rows, g * groupSize);
const tieKeys = new Int32Array(rows);
for (let i = 0; i < rows; i++) tieKeys[i] = i - offsets[Math.floor(i / groupSize)];
const truth = randomScores(rows, 1);
const labels = new Uint8Array(rows);
for (let g = 0; g < groups; g++) {
  const size = offsets[g + 1] - offsets[g];
  const r = 1 + (g % maxPositives); // 1..maxPositives positives
  for (let p = 0; p < r; p++) labels[offsets[g] + ((g * 7919 + p * 104729) % size)] = 1;
}
const model = Float32Array.from(randomScores(rows, 2), (u, i) => 0.7 * u + 0.3 * truth[i]);
// Popularity: small integer counts, so most scores tie and the post-id tie-break does the work.
const popularity = Float32Array.from(randomScores(rows, 3), (u) => Math.floor(-Math.log(1 - u) * 0.7));
const random = randomScores(rows, 4);

const time = (label, fn) => {
  let best = Number.POSITIVE_INFINITY;
  let bestCpu = 0;
  let out;
  for (let r = 0; r < repeats; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    out = fn();
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (s < best) {
      best = s;
      bestCpu = (cpu.user + cpu.system) / 1e6;
    }
  }
  console.log(
    `${label.padEnd(34)} ${best.toFixed(3)} s wall (cpu ${bestCpu.toFixed(3)} s)  ${(rows / best / 1e6).toFixed(2)} M rows/s`,
  );
  return out;
};

console.log(
  `rows ${rows}, groups ${groups} of ${groupSize}, 1..${maxPositives} positives, best of ${repeats}`,
);
time('orderWithinGroups (model)', () => orderWithinGroups(offsets, model, tieKeys));
time('orderWithinGroups (popularity)', () => orderWithinGroups(offsets, popularity, tieKeys));
time('rankWithinGroups (model)', () => rankWithinGroups(offsets, model, tieKeys));
time('rocAuc (model)', () => rocAuc(model, labels));
const out = time('evaluateRankers (4 rankers)', () =>
  evaluateRankers({ offsets, labels, tieKeys, truth }, { model, popularity, random }, { k: 10 }),
);
for (const [name, e] of Object.entries(out)) console.log(name.padEnd(11), JSON.stringify(e.metrics));
console.log(`peak rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
