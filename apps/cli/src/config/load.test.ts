import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../runtime/errors.js';
import { loadConfig, mergeConfig } from './load.js';
import { DEFAULT_CONFIG } from './schema.js';

const dir = () => mkdtempSync(join(tmpdir(), 'wemoms-config-'));

describe('loadConfig', () => {
  it('returns the DESIGN defaults when no file exists', () => {
    const { config, file } = loadConfig(dir());
    expect(file).toBeNull();
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.split.train).toEqual({ first: '2023-01-03', last: '2023-01-25' });
    expect(config.split.test).toEqual({ first: '2023-01-28', last: '2023-02-01' });
    expect(config.model).toMatchObject({ learningRate: 0.001, epochs: 50, patience: 10 });
    expect(config.paths.raw).toBe('data/raw/WeMoms_MLE_hiring_test_2023.json.gzip');
  });

  it('merges a JSON file over the defaults, and flags over the file', () => {
    const d = dir();
    writeFileSync(
      join(d, 'wemoms.config.json'),
      JSON.stringify({ model: { epochs: 5 }, evaluate: { maxGroups: 100 } }),
    );
    const { config, file } = loadConfig(d, { overrides: { 'model.epochs': 7, 'model.seed': undefined } });
    expect(file).toBe(join(d, 'wemoms.config.json'));
    expect(config.model.epochs).toBe(7);
    expect(config.model.learningRate).toBe(0.001);
    expect(config.model.seed).toBe(DEFAULT_CONFIG.model.seed);
    expect(config.evaluate.maxGroups).toBe(100);
  });

  it('reads YAML', () => {
    const d = dir();
    writeFileSync(
      join(d, 'wemoms.config.yaml'),
      'model:\n  learningRate: 0.01\nsplit:\n  trainFilterMaxRows: 0\n',
    );
    const { config } = loadConfig(d);
    expect(config.model.learningRate).toBe(0.01);
    expect(config.split.trainFilterMaxRows).toBe(0);
  });

  it('names an unknown key and the file', () => {
    const d = dir();
    writeFileSync(join(d, 'wemoms.config.json'), JSON.stringify({ model: { learningrate: 0.1 } }));
    expect(() => loadConfig(d)).toThrowError(CliError);
    expect(() => loadConfig(d)).toThrowError(/wemoms\.config\.json.*unknown key "model\.learningrate"/);
  });

  it('names a key with a bad value', () => {
    const d = dir();
    writeFileSync(
      join(d, 'wemoms.config.json'),
      JSON.stringify({ split: { test: { first: '2023-02-30x', last: '2023-02-01' } } }),
    );
    expect(() => loadConfig(d)).toThrowError(/split\.test\.first: expected a day as YYYY-MM-DD/);
    expect(() => loadConfig(dir(), { overrides: { 'model.epochs': -3 } })).toThrowError(
      /defaults \+ flags.*model\.epochs/,
    );
  });

  it('reports malformed JSON and a missing explicit file clearly', () => {
    const d = dir();
    writeFileSync(join(d, 'bad.json'), '{"model": ');
    expect(() => loadConfig(d, { file: 'bad.json' })).toThrowError(/bad\.json is not valid JSON/);
    expect(() => loadConfig(d, { file: 'nope.json' })).toThrowError(/config file not found: .*nope\.json/);
  });
});

describe('mergeConfig', () => {
  it('merges objects and replaces arrays', () => {
    expect(mergeConfig({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
  });
});
