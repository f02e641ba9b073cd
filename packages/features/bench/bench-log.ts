import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deduplicate, type RawTable } from '@wemoms/data-schema';
import { loadRawLog, readRawTableParquet, writeRawTableParquet } from '@wemoms/data-schema/node';
import { generateSyntheticLog } from '@wemoms/synthetic';

/** Where the benchmark keeps its synthetic logs: $WEMOMS_BENCH_DIR, default $TMPDIR/wemoms-features-bench. */
export function benchDir(): string {
  const dir = process.env.WEMOMS_BENCH_DIR ?? join(tmpdir(), 'wemoms-features-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The de-duplicated synthetic log of `rows` raw rows (seed 42): generated once as gzip JSON lines, then
 * snapshotted as parquet so later runs skip the JSON parse (the features start from the snapshot in the
 * pipeline too).
 */
export async function loadBenchLog(rows: number, log = console.error): Promise<RawTable> {
  const dir = benchDir();
  const raw = join(dir, `synthetic-${rows}.json.gz`);
  const snapshot = join(dir, `log-${rows}.parquet`);
  if (existsSync(snapshot)) return readRawTableParquet(snapshot);
  if (!existsSync(raw)) {
    const t = performance.now();
    await generateSyntheticLog({ rows, seed: 42, out: raw });
    log(`generated ${rows} raw rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const { table } = await loadRawLog(raw);
  const { table: deduplicated } = deduplicate(table);
  writeRawTableParquet(snapshot, deduplicated);
  return deduplicated;
}
