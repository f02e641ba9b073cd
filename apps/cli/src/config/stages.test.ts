import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './schema.js';
import { PIPELINE_STAGES, stableJson, stageConfig, writeStageConfigs } from './stages.js';

describe('stage configs', () => {
  it('gives train the model section and keeps it from the stages before it', () => {
    expect(stageConfig(DEFAULT_CONFIG, 'train').model).toEqual(DEFAULT_CONFIG.model);
    for (const stage of ['generate-data', 'make-dataset', 'build-features', 'merge-features'] as const) {
      expect(stageConfig(DEFAULT_CONFIG, stage).model).toBeUndefined();
    }
  });

  it('rewrites only the files of the stages whose section changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wemoms-stages-'));
    const first = writeStageConfigs(DEFAULT_CONFIG, dir);
    expect(first.created).toEqual([...PIPELINE_STAGES]);
    expect(writeStageConfigs(DEFAULT_CONFIG, dir).changed).toEqual([]);
    const changed = writeStageConfigs(
      { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, epochs: 3 } },
      dir,
    );
    expect(changed.changed).toEqual(['train']);
    expect(changed.created).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8')).model.epochs).toBe(3);
  });

  it('writes key-sorted JSON whatever the insertion order', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe(
      stableJson({ a: { c: [3, { e: 0, f: 1 }], d: 2 }, b: 1 }),
    );
  });
});
