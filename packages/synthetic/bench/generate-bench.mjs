// Benchmark of the generator: rows per second and peak memory (RSS), streamed to a temporary file.
// Usage (after `pnpm turbo run build --filter @wemoms/synthetic`):
//   node bench/generate-bench.mjs [rows=10000000] [--truth]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticLog } from '../dist/index.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const withTruth = process.argv.includes('--truth');
const dir = mkdtempSync(join(tmpdir(), 'wemoms-bench-'));
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);
try {
  const out = join(dir, 'log.json.gzip');
  const cpu0 = process.cpuUsage();
  const stats = await generateSyntheticLog({
    rows,
    out,
    truth: withTruth ? join(dir, 'truth') : undefined,
    onDay: ({ day, rowsWritten }) => process.stderr.write(`\r${day} ${rowsWritten} rows`),
  });
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  process.stderr.write('\n');
  console.log(
    JSON.stringify(
      {
        rows: stats.rows,
        seconds: Number(stats.seconds.toFixed(2)),
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
        rowsPerSecond: Math.round(stats.rows / stats.seconds),
        peakRssMiB: Math.round(peakRss / 2 ** 20),
        gzipMiB: Number((statSync(out).size / 2 ** 20).toFixed(1)),
        members: stats.members,
        postsCreated: stats.postsCreated,
        openRate: Number(stats.openRate.toFixed(4)),
      },
      null,
      1,
    ),
  );
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
