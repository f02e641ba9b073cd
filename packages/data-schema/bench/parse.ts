/**
 * Parser micro-benchmark (no gunzip, no I/O): decompresses a raw log into memory, then times the
 * byte-level fast path (FastRawTableBuilder.appendLine) against JSON.parse + RawTableBuilder.appendRow
 * on the same lines, in CPU time.
 *
 *   npx tsup bench/parse.ts --no-config --format esm --out-dir /tmp/parse-bench
 *   node /tmp/parse-bench/parse.js /tmp/wemoms-bench-200000.json.gz [--repeat 3]
 *
 * (Not a tsup.config entry: the package build stays as it is.) Measured on the shared 2-core box,
 * 200k bench rows: fast path 0.7-1.1 cpu-s vs JSON.parse + validation 1.5-2.3 cpu-s (noisy).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FastRawTableBuilder } from '../src/fast-raw-table-builder.js';
import { RawTableBuilder } from '../src/raw-table-builder.js';

const file = process.argv[2];
const at = process.argv.indexOf('--repeat');
const repeat = at >= 0 ? Number(process.argv[at + 1]) : 3;
const bytes = gunzipSync(readFileSync(file));
const starts: number[] = [];
const ends: number[] = [];
for (let s = 0; s < bytes.length; ) {
  let e = bytes.indexOf(10, s);
  if (e < 0) e = bytes.length;
  if (e > s) {
    starts.push(s);
    ends.push(e);
  }
  s = e + 1;
}
const lines = starts.length;
console.log(`${lines} lines, ${(bytes.length / 2 ** 20).toFixed(0)} MiB`);

function cpu(run: () => void): number {
  const c0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

for (let k = 0; k < repeat; k++) {
  const fast = new FastRawTableBuilder(lines);
  const fastCpu = cpu(() => {
    for (let i = 0; i < lines; i++) {
      if (!fast.appendLine(bytes, starts[i], ends[i]))
        fast.appendRow(JSON.parse(bytes.toString('utf8', starts[i], ends[i])));
    }
  });
  const slow = new RawTableBuilder(lines);
  const slowCpu = cpu(() => {
    for (let i = 0; i < lines; i++) slow.appendRow(JSON.parse(bytes.toString('latin1', starts[i], ends[i])));
  });
  console.log(
    `fast path: ${fastCpu.toFixed(2)} cpu-s (${Math.round(lines / fastCpu).toLocaleString('en')} rows/cpu-s, ${fast.generalRows} general) | JSON.parse+validate: ${slowCpu.toFixed(2)} cpu-s (${Math.round(lines / slowCpu).toLocaleString('en')} rows/cpu-s)`,
  );
}
