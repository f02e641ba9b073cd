/**
 * Read benchmark: writes a gzip JSON-Lines raw log of N rows (1% of them duplicated), then, in a fresh
 * child process so the peak RSS is the reader's alone, reads + validates + de-duplicates it and prints
 * rows per second and peak RSS.
 *
 *   pnpm bench:read [--rows 1000000] [--file /tmp/wemoms-bench-1000000.json.gz] [--batches]
 *
 * Built by tsup as a second entry (dist/bench/read.js), since Node 20 has no TypeScript loader here.
 * Profile with: node --cpu-prof dist/bench/read.js --read-only <file>
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { loadRawLog, readRawBatches } from '../src/node.js';
import { sampleRawEvent } from '../src/testing/sample-events.js';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function writeLog(path: string, rows: number): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) => {
    const out = gzip.pipe(createWriteStream(temp));
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    // Every 100th row repeats the previous one: the real log has duplicates too.
    const source = i % 100 === 99 ? i - 1 : i;
    parts.push(JSON.stringify(sampleRawEvent(source)));
    if (parts.length === 2000 || i === rows - 1) {
      if (!gzip.write(`${parts.join('\n')}\n`)) await new Promise((r) => gzip.once('drain', r));
      parts = [];
    }
  }
  gzip.end();
  await done;
  renameSync(temp, path);
}

async function readOnly(path: string, batches: boolean): Promise<void> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let rows = 0;
  let duplicates = 0;
  if (batches) {
    // Streaming pass only (no concatenation, no dedup): the reader's own cost and memory.
    for await (const batch of readRawBatches(path)) rows += batch.length;
  } else {
    // The pipeline's way: read, validate and de-duplicate in place in one call.
    const { table, report } = await loadRawLog(path, { deduplicate: true });
    duplicates = report.duplicates;
    rows = report.rows;
    if (table.length !== rows - duplicates) throw new Error('row count mismatch');
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(`rows:          ${rows} (${duplicates} duplicates dropped)`);
  console.log(
    `total:         ${seconds.toFixed(2)} s, ${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
  );
  // On a shared machine wall time includes waiting for a core; CPU time is what one core spent.
  console.log(
    `cpu:           ${cpuSeconds.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, sys ${(cpu.system / 1e6).toFixed(2)}), ${Math.round(rows / cpuSeconds).toLocaleString('en')} rows per cpu-second`,
  );
  console.log(`peak RSS:      ${peakMiB.toFixed(0)} MiB`);
}

async function main(): Promise<void> {
  const batches = process.argv.includes('--batches');
  const onlyFile = argument('read-only');
  if (onlyFile) return readOnly(onlyFile, batches);
  const rows = Number(argument('rows') ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer`);
  const file = argument('file') ?? join(tmpdir(), `wemoms-bench-${rows}.json.gz`);
  if (!existsSync(file)) {
    const t = performance.now();
    await writeLog(file, rows);
    console.log(`wrote ${file} (${rows} rows) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } else {
    console.log(`reusing ${file}`);
  }
  const child = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--read-only', file, ...(batches ? ['--batches'] : [])],
    { stdio: 'inherit' },
  );
  process.exitCode = child.status ?? 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
