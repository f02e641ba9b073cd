import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRawLog } from '@wemoms/data-schema/node';
import { generateSyntheticLog } from '@wemoms/synthetic';
import { expect, it } from 'vitest';
import { countCandidates, expandCandidates, GROUPINGS, makeDataset } from '../src/index.js';
import { writeDataset } from '../src/node.js';

const rows = Number(process.env.ROWS ?? 100_000);
const seed = Number(process.env.SEED ?? 42);

it(`make-dataset on a synthetic log of ${rows} rows`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wemoms-dataset-measure-'));
  try {
    const lap = (() => {
      let t = performance.now();
      return () => {
        const now = performance.now();
        const s = (now - t) / 1000;
        t = now;
        return s;
      };
    })();
    const stats = await generateSyntheticLog({ rows, seed, out: join(dir, 'raw.json.gzip') });
    const generated = lap();
    const { table } = await loadRawLog(join(dir, 'raw.json.gzip'));
    const loaded = lap();
    const dataset = makeDataset(table);
    const made = lap();
    writeDataset(join(dir, 'processed'), dataset);
    const written = lap();
    let expanded = 0;
    let peakChunk = 0;
    for (const grouping of GROUPINGS) {
      for (const groups of dataset.groups[grouping]) {
        for (const chunk of expandCandidates(groups, dataset.catalog)) {
          expanded += chunk.length;
          peakChunk = Math.max(peakChunk, chunk.length);
        }
        expect(countCandidates(groups, dataset.catalog)).toBeGreaterThanOrEqual(0);
      }
    }
    const expandSeconds = lap();
    const total = GROUPINGS.reduce((s, g) => s + dataset.summary.test[g].rows, 0);
    expect(expanded).toBe(total);
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      JSON.stringify(
        {
          rows,
          seed,
          generator: { duplicates: stats.duplicates, truth: stats.truthTables },
          seconds: {
            generate: generated,
            load: loaded,
            makeDataset: made,
            write: written,
            expandAll: expandSeconds,
          },
          makeDatasetRowsPerSecond: Math.round(table.length / made),
          expandedCandidatesPerSecond: Math.round(expanded / expandSeconds),
          candidateRows: expanded,
          peakChunkRows: peakChunk,
          rss: mb(process.memoryUsage().rss),
          summary: {
            duplicates: dataset.summary.duplicates,
            split: {
              train: dataset.summary.split.train,
              trainFilter: dataset.summary.split.trainFilter,
              eval: dataset.summary.split.eval,
              test: dataset.summary.split.test,
              warnings: dataset.summary.split.warnings,
            },
            test: Object.fromEntries(
              GROUPINGS.map((g) => {
                const { perDay, ...rest } = dataset.summary.test[g];
                return [g, rest];
              }),
            ),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
