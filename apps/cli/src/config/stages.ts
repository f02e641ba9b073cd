/**
 * The slice of the configuration each pipeline stage reads. `wemoms config --split` writes one file per
 * stage under `.wemoms/config/` and each turbo task lists only its own file as input, so changing the model
 * section re-runs only `train` and the tasks that depend on it (turbo chains hashes through dependsOn).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '@wemoms/data-schema/node';
import type { WemomsConfig } from './schema.js';

export const PIPELINE_STAGES = [
  'generate-data',
  'make-dataset',
  'build-features',
  'merge-features',
  'train',
  'predict',
  'evaluate',
] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Which top-level config sections each stage reads (paths are read by all). */
const STAGE_SECTIONS: Record<PipelineStage, (keyof WemomsConfig)[]> = {
  'generate-data': ['paths', 'synthetic'],
  'make-dataset': ['paths', 'read', 'split'],
  'build-features': ['paths', 'features'],
  'merge-features': ['paths', 'features'],
  train: ['paths', 'features', 'model'],
  predict: ['paths', 'features', 'predict', 'evaluate'],
  evaluate: ['paths', 'evaluate'],
};

/** JSON with object keys sorted at every level: byte-identical for equal configs, so turbo hashes agree. */
export function stableJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) out[key] = sortKeys((v as Record<string, unknown>)[key]);
      return out;
    }
    return v;
  };
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** The config slice one stage reads. */
export function stageConfig(config: WemomsConfig, stage: PipelineStage): Partial<WemomsConfig> {
  const out: Partial<WemomsConfig> = {};
  for (const section of STAGE_SECTIONS[stage]) (out as Record<string, unknown>)[section] = config[section];
  return out;
}

export interface SplitResult {
  dir: string;
  /** Stages whose file was missing or differed from the current config (and was rewritten). */
  changed: PipelineStage[];
  /** Stages whose file did not exist before. */
  created: PipelineStage[];
}

/** Writes `<dir>/<stage>.json` for every stage; only files whose content changes are rewritten. */
export function writeStageConfigs(config: WemomsConfig, dir: string): SplitResult {
  const changed: PipelineStage[] = [];
  const created: PipelineStage[] = [];
  for (const stage of PIPELINE_STAGES) {
    const path = join(dir, `${stage}.json`);
    const text = stableJson(stageConfig(config, stage));
    const exists = existsSync(path);
    if (exists && readFileSync(path, 'utf8') === text) continue;
    if (!exists) created.push(stage);
    changed.push(stage);
    atomicWriteFile(path, text);
  }
  return { dir, changed, created };
}
