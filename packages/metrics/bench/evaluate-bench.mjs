// Throughput of the metrics on a synthetic grouping shaped like the `event` test set (many groups of a
// few thousand candidates, one positive each). Run after a build: `pnpm --filter @wemoms/metrics bench`.
// Figures only (rows per second); speed is never asserted in unit tests.
import { evaluateRankers, orderWithinGroups, randomScores, rocAuc } from '../dist/index.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const groupSize = Number(process.argv[3] ?? 2_500);
const groups = Math.ceil(rows / groupSize);
const offsets = new Int32Array(groups + 1);
for (let g = 0; g <= groups; g++) offsets[g] = Math.min(rows, g * groupSize);
const tieKeys = new Int32Array(rows);
for (let i = 0; i < rows; i++) tieKeys[i] = i - offsets[Math.floor(i / groupSize)];
const truth = randomScores(rows, 1);
const labels = new Uint8Array(rows);
for (let g = 0; g < groups; g++) labels[offsets[g] + ((g * 7919) % (offsets[g + 1] - offsets[g]))] = 1;
const model = Float32Array.from(randomScores(rows, 2), (u, i) => 0.7 * u + 0.3 * truth[i]);
// Popularity: small integer counts, so most scores tie and the post-id tie-break does the work.
const popularity = Float32Array.from(randomScores(rows, 3), (u) => Math.floor(-Math.log(1 - u) * 0.7));
const random = randomScores(rows, 4);

const time = (label, fn) => {
  const t0 = performance.now();
  const out = fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(34)} ${s.toFixed(2)} s  ${(rows / s / 1e6).toFixed(2)} M rows/s`);
  return out;
};

console.log(`rows ${rows}, groups ${groups} of ${groupSize}`);
time('orderWithinGroups (model)', () => orderWithinGroups(offsets, model, tieKeys));
time('orderWithinGroups (popularity)', () => orderWithinGroups(offsets, popularity, tieKeys));
time('rocAuc (model)', () => rocAuc(model, labels));
const out = time('evaluateRankers (4 rankers)', () =>
  evaluateRankers({ offsets, labels, tieKeys, truth }, { model, popularity, random }, { k: 10 }),
);
for (const [name, e] of Object.entries(out)) console.log(name.padEnd(11), JSON.stringify(e.metrics));
console.log(`peak rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
