/**
 * The turbo pipeline (root turbo.json + this package's scripts) must agree with the CLI: one task per
 * feature category, each stage's inputs its own config slice, outputs where the CLI writes by default.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CATEGORY_NAMES } from '@wemoms/features';
import { describe, expect, it } from 'vitest';
import { resolvePaths } from './config/paths.js';
import { DEFAULT_CONFIG } from './config/schema.js';
import { PIPELINE_STAGES } from './config/stages.js';
import { LOCK_ENV } from './runtime/lock.js';

const root = join(import.meta.dirname, '../../..');
const turbo = JSON.parse(readFileSync(join(root, 'turbo.json'), 'utf8')) as {
  globalPassThroughEnv?: string[];
  tasks: Record<string, { dependsOn?: string[]; inputs?: string[]; outputs?: string[]; cache?: boolean }>;
};
const scripts = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')).scripts as Record<
  string,
  string
>;
const task = (name: string) => turbo.tasks[`@wemoms/cli#${name}`];
const paths = resolvePaths(root, DEFAULT_CONFIG);
const out = (p: string) => `$TURBO_ROOT$/${relative(root, p)}`;

describe('turbo pipeline', () => {
  it('has one cached task and one script per feature category, all feeding merge-features', () => {
    for (const name of CATEGORY_NAMES) {
      const t = task(`pipeline:features:${name}`);
      expect(t, name).toBeDefined();
      expect(t.outputs).toEqual([out(paths.categoryFile(name))]);
      expect(scripts[`pipeline:features:${name}`]).toMatch(new RegExp(`build-features --category ${name}$`));
    }
    expect(task('pipeline:merge-features').dependsOn).toEqual(
      expect.arrayContaining(CATEGORY_NAMES.map((n) => `pipeline:features:${n}`)),
    );
  });

  it('lets each stage hash only its own config slice (so a model change re-runs train and after)', () => {
    const stageOf: Record<string, string> = {
      'pipeline:merge-features': 'merge-features',
      'pipeline:train': 'train',
      'pipeline:predict': 'predict',
      'pipeline:evaluate': 'evaluate',
    };
    for (const [name, stage] of Object.entries(stageOf)) {
      const configInputs = (task(name).inputs ?? []).filter((i) => i.includes('.wemoms/config/'));
      expect(configInputs, name).toEqual([`$TURBO_ROOT$/.wemoms/config/${stage}.json`]);
    }
    expect(task('pipeline:make-dataset').inputs).toContain('$TURBO_ROOT$/data/raw/**');
    for (const stage of PIPELINE_STAGES) expect(stage).not.toContain('/');
  });

  it('declares the files each stage writes by default as outputs', () => {
    expect(task('pipeline:make-dataset').outputs).toEqual(
      expect.arrayContaining([
        out(paths.logSnapshot),
        out(paths.trainRows),
        out(paths.evalRows),
        out(paths.testGroups),
        out(paths.datasetSummary),
      ]),
    );
    expect(task('pipeline:merge-features').outputs).toEqual([out(paths.features)]);
    expect(task('pipeline:predict').outputs).toEqual(
      expect.arrayContaining([out(paths.predictions), out(paths.top10), out(paths.evaluationRows)]),
    );
    expect(task('pipeline:evaluate').outputs).toEqual(
      expect.arrayContaining([out(paths.metricsJson), out(paths.metricsMd)]),
    );
    expect(task('pipeline:prepare').cache).toBe(false);
  });

  it('runs the stages under one workdir lock: pnpm pipeline holds it, turbo passes its token on', () => {
    expect(scripts['wemoms:pipeline']).toMatch(/ with-lock -- pnpm run wemoms:pipeline:locked$/);
    expect(scripts['wemoms:pipeline:locked']).toMatch(
      /config --split .* generate-data --if-missing .*turbo-pipeline\.mjs$/,
    );
    // Strict env mode would filter the token out; passed through, it changes no task hash.
    expect(turbo.globalPassThroughEnv).toContain(LOCK_ENV);
  });
});
