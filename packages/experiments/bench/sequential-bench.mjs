// Calibration of the A/B analysis on seeded synthetic experiments (users clustered as in a feed):
// the false-positive rate of A/A tests read every day (always-valid mSPRT vs the naive fixed-horizon
// z-test at every look vs that z-test read once at the end), and the power and stopping day under a real
// lift. Prints the rates with their binomial 95 % intervals.
//
//   pnpm --filter @wemoms/experiments bench -- [--runs 2000] [--users 2000] [--days 14] [--lift 0.1]
import { analyzeExperiment, syntheticExperiment } from '../dist/index.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const runs = arg('runs', 2000);
const users = arg('users', 2000);
const days = arg('days', 14);
const lift = arg('lift', 0.1);
const alpha = arg('alpha', 0.05);
const baseline = 0.12;

/** A rate with its Wilson 95 % interval. */
function rate(hits, n) {
  const p = hits / n;
  const z = 1.959963984540054;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return `${(100 * p).toFixed(2)} % [${(100 * (centre - half)).toFixed(2)}, ${(100 * (centre + half)).toFixed(2)}]`;
}

function simulate(effect, seedBase, count) {
  let sequential = 0;
  let naive = 0;
  let atEnd = 0;
  let stopDays = 0;
  let designEffect = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let r = 0; r < count; r++) {
    const table = syntheticExperiment({ users, days, baseline, lifts: [0, effect], seed: seedBase + r });
    const a = analyzeExperiment(table, { arms: ['A', 'B'], alpha, mixingLift: lift });
    const firstStop = a.cumulative.findIndex((d) => d.comparisons[0].alwaysValidPValue < alpha);
    if (firstStop >= 0) {
      sequential++;
      stopDays += firstStop + 1;
    }
    if (a.cumulative.some((d) => d.comparisons[0].pValue < alpha)) naive++;
    if (a.comparisons[0].pValue < alpha) atEnd++;
    designEffect += a.arms[0].designEffect;
  }
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    sequential,
    naive,
    atEnd,
    stopDays,
    designEffect: designEffect / count,
    wall,
    cpu: (used.user + used.system) / 1e6,
  };
}

console.log(
  `${runs} seeded experiments per setting: ${users} users, ${days} daily looks, baseline CTR ${baseline}, alpha ${alpha}, mSPRT tuned for +${lift * 100} %`,
);
const aa = simulate(0, 1_000_000, runs);
console.log(`A/A (no effect), mean design effect ${aa.designEffect.toFixed(2)}:`);
console.log(`  always-valid mSPRT, read daily:       false positives ${rate(aa.sequential, runs)}`);
console.log(`  fixed-horizon z-test, read daily:     false positives ${rate(aa.naive, runs)}  <- peeking`);
console.log(`  fixed-horizon z-test, read once:      false positives ${rate(aa.atEnd, runs)}`);
console.log(`  ${aa.wall.toFixed(1)} s wall, ${aa.cpu.toFixed(1)} s CPU`);
const ab = simulate(lift, 2_000_000, runs);
console.log(`A/B (+${lift * 100} % lift):`);
console.log(
  `  always-valid mSPRT, read daily:       power ${rate(ab.sequential, runs)}, mean stopping day ${(ab.stopDays / Math.max(1, ab.sequential)).toFixed(1)} of ${days}`,
);
console.log(`  fixed-horizon z-test, read once:      power ${rate(ab.atEnd, runs)}`);
console.log(`  ${ab.wall.toFixed(1)} s wall, ${ab.cpu.toFixed(1)} s CPU`);
