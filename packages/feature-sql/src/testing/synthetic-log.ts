/**
 * A small seeded synthetic log for this package's tests, written as the pipeline writes it: the
 * de-duplicated snapshot (log.parquet) and a split file listing the rows to featurise. Not exported.
 */
import { join } from 'node:path';
import type { RawTable } from '@wemoms/data-schema';
import { loadRawLog, writeParquet, writeRawTableParquet } from '@wemoms/data-schema/node';
import { generateSyntheticLog } from '@wemoms/synthetic';

export interface SyntheticFixture {
  readonly log: RawTable;
  readonly logPath: string;
  readonly rowsPath: string;
  /** The rows to featurise: every log row, in order. */
  readonly rows: Int32Array;
}

/** Generates `rows` impressions with `seed` into `dir` and writes the snapshot and a rows file. */
export async function syntheticFixture(dir: string, rows: number, seed: number): Promise<SyntheticFixture> {
  const raw = join(dir, 'raw.json.gzip');
  await generateSyntheticLog({ rows, seed, out: raw });
  const { table } = await loadRawLog(raw);
  const logPath = join(dir, 'log.parquet');
  writeRawTableParquet(logPath, table, 4096);
  const all = Int32Array.from({ length: table.length }, (_, i) => i);
  const rowsPath = join(dir, 'rows.parquet');
  writeParquet(rowsPath, [{ name: 'row', type: 'int32', nullable: false, data: all }]);
  return { log: table, logPath, rowsPath, rows: all };
}
