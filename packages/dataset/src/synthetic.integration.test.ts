import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRawLog } from '@wemoms/data-schema/node';
import { generateSyntheticLog } from '@wemoms/synthetic';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataset, writeDataset } from './dataset-files.js';
import { expandCandidates } from './expand-candidates.js';
import { makeDataset } from './make-dataset.js';
import { DEFAULT_SPLIT } from './split-config.js';
import { GROUPINGS } from './test-groups.js';

const dir = mkdtempSync(join(tmpdir(), 'wemoms-dataset-synthetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('on a small synthetic log (generator + reader + dataset end to end)', () => {
  it('counts agree between summary, split, files and expanded candidates', async () => {
    const stats = await generateSyntheticLog({ rows: 6000, seed: 3, out: join(dir, 'raw.json.gzip') });
    const { table } = await loadRawLog(join(dir, 'raw.json.gzip'));
    const dataset = makeDataset(table, DEFAULT_SPLIT);
    const { summary } = dataset;
    expect(summary.duplicates).toBe(stats.duplicates);
    const s = summary.split;
    expect(s.trainFilter.rowsBefore + s.eval.rows + s.test.rows + s.outsideRanges).toBe(s.rows);
    expect(s.train.rows).toBe(s.trainFilter.rowsBefore - s.trainFilter.droppedRows);
    for (const grouping of GROUPINGS) {
      let rows = 0;
      let positives = 0;
      for (const groups of dataset.groups[grouping]) {
        for (const chunk of expandCandidates(groups, dataset.catalog, { maxRows: 5000 })) {
          rows += chunk.length;
          for (let i = 0; i < chunk.length; i++) positives += chunk.label[i];
        }
      }
      expect({ grouping, rows, positives }).toEqual({
        grouping,
        rows: summary.test[grouping].rows,
        positives: summary.test[grouping].positives,
      });
      expect(summary.test[grouping].groups).toBeGreaterThan(0);
    }
    writeDataset(join(dir, 'processed'), dataset);
    const files = await readDataset(join(dir, 'processed'), dataset.log);
    expect(files.train.rows).toEqual(dataset.split.train);
    for (const grouping of GROUPINGS) {
      expect(files.groups[grouping]).toEqual(dataset.groups[grouping].filter((g) => g.length > 0));
    }
  });
});
