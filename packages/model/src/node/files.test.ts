import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureSchemaError } from '../feature-schema.js';
import type { Ranker } from '../ranker.js';
import { syntheticData } from '../testing/synthetic-data.js';
import { trainRanker } from '../train.js';
import { loadNativeBindings, selectBackend } from './backend.js';
import { loadRanker, ModelFileError, saveRanker } from './files.js';

const truth = {
  numericWeights: [1, -0.5, 0.25, 2],
  categories: [
    { values: ['ios', 'android'], weights: [0.3, -0.3] },
    { values: ['75', '13', '69', '33'], weights: [0.1, 0.2, -0.1, 0] },
  ],
  bias: -1.5,
  missingShare: 0.1,
};
const train = syntheticData({ rows: 2_000, seed: 41, ...truth });
const validation = syntheticData({ rows: 500, seed: 42, ...truth });
const scoring = syntheticData({ rows: 3_000, seed: 43, ...truth });
const native = await loadNativeBindings().then(
  () => true,
  (error: Error) => {
    console.info(`tfjs-node unavailable, native backend comparison skipped: ${error.message.split('\n')[0]}`);
    return false;
  },
);
const quiet = { log: () => {} };
let dir: string;
let linear: Ranker;
let mlp: Ranker;
let cross: Ranker;

beforeAll(async () => {
  await selectBackend('cpu', quiet);
  dir = await mkdtemp(path.join(tmpdir(), 'wemoms-model-'));
  linear = (await trainRanker(train, validation, { epochs: 3, learningRate: 0.02 })).ranker;
  mlp = (await trainRanker(train, validation, { epochs: 3, learningRate: 0.02, hiddenSizes: [5] })).ranker;
  cross = (
    await trainRanker(train, validation, {
      epochs: 3,
      learningRate: 0.02,
      type: 'cross',
      crossLayers: 2,
      crossRank: 3,
      hiddenSizes: [4],
    })
  ).ranker;
  await saveRanker(linear, path.join(dir, 'linear'));
  await saveRanker(mlp, path.join(dir, 'mlp'));
  await saveRanker(cross, path.join(dir, 'cross'));
});
afterAll(async () => {
  linear.dispose();
  mlp.dispose();
  cross.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('saveRanker / loadRanker', () => {
  it('writes the four files and nothing else (no temp directory left behind)', async () => {
    expect((await readdir(path.join(dir, 'linear'))).sort()).toEqual([
      'history.json',
      'model.json',
      'preprocessing.json',
      'weights.bin',
    ]);
    expect((await readdir(dir)).sort()).toEqual(['cross', 'linear', 'mlp']);
    const modelJson = JSON.parse(await readFile(path.join(dir, 'linear', 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const preprocessing = JSON.parse(await readFile(path.join(dir, 'linear', 'preprocessing.json'), 'utf8'));
    expect(preprocessing).toMatchObject({
      packageVersion: '0.1.0',
      backend: 'cpu',
      schemaHash: expect.any(String),
    });
    expect(preprocessing.featureSpecs).toEqual(train.specs);
    const history = JSON.parse(await readFile(path.join(dir, 'linear', 'history.json'), 'utf8'));
    expect(history.epochs).toHaveLength(3);
    expect(Object.keys(history.epochs[0]).sort()).toEqual([
      'elapsedMs',
      'epoch',
      'loss',
      'valAuc',
      'valLoss',
      'valMap',
      'valNdcg',
    ]);
  });

  it('save -> load gives identical scores, history and preprocessing (linear, MLP, cross network)', async () => {
    // The cross network's custom layer is named in model.json and rebuilt by tf.loadLayersModel.
    const topology = JSON.stringify(
      JSON.parse(await readFile(path.join(dir, 'cross', 'model.json'), 'utf8')).modelTopology,
    );
    expect(topology).toContain('"class_name":"WemomsCross"');
    for (const [name, ranker] of [
      ['linear', linear],
      ['mlp', mlp],
      ['cross', cross],
    ] as const) {
      const loaded = await loadRanker(path.join(dir, name));
      expect(loaded.score(scoring.columns)).toEqual(ranker.score(scoring.columns));
      expect(loaded.preprocessing).toEqual(ranker.preprocessing);
      expect(loaded.history.epochs.map((e) => e.valLoss)).toEqual(
        ranker.history.epochs.map((e) => e.valLoss),
      );
      expect(loaded.isLinear).toBe(name === 'linear');
      loaded.dispose();
    }
  });

  it('overwrites an existing model directory atomically', async () => {
    await saveRanker(mlp, path.join(dir, 'replaced'));
    await saveRanker(linear, path.join(dir, 'replaced'));
    const loaded = await loadRanker(path.join(dir, 'replaced'));
    expect(loaded.isLinear).toBe(true);
    loaded.dispose();
    await rm(path.join(dir, 'replaced'), { recursive: true });
    expect((await readdir(dir)).sort()).toEqual(['cross', 'linear', 'mlp']);
  });

  it('loads over HTTP with tf.loadLayersModel + fetch, scoring identically', async () => {
    const server: Server = createServer(async (req, res) => {
      try {
        const body = await readFile(path.join(dir, decodeURIComponent(req.url ?? '/')));
        res.writeHead(200).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const [name, ranker] of [
        ['mlp', mlp],
        ['cross', cross],
      ] as const) {
        const loaded = await loadRanker(`http://127.0.0.1:${port}/${name}`);
        expect(loaded.score(scoring.columns)).toEqual(ranker.score(scoring.columns));
        loaded.dispose();
      }
      await expect(loadRanker(`http://127.0.0.1:${port}/absent`)).rejects.toThrow('HTTP 404');
    } finally {
      server.close();
    }
  });

  it('fails to load for a different feature schema, naming the differences', async () => {
    // The data lacks x3, brings new_feature, and has c1 as a number.
    const expectedSpecs = [
      ...train.specs
        .filter((s) => s.name !== 'x3')
        .map((s) => (s.name === 'c1' ? { name: 'c1', type: 'numeric' as const } : s)),
      { name: 'new_feature', type: 'numeric' as const },
    ];
    const promise = loadRanker(path.join(dir, 'linear'), { expectedSpecs });
    await expect(promise).rejects.toBeInstanceOf(FeatureSchemaError);
    await expect(loadRanker(path.join(dir, 'linear'), { expectedSpecs })).rejects.toThrow(
      /missing features: x3; unexpected features: new_feature; retyped features: c1 \(expected categorical, got numeric\)/,
    );
  });

  it('names a truncated or padded weights.bin as damaged, with the sizes', async () => {
    const copy = path.join(dir, 'damaged');
    await saveRanker(mlp, copy);
    const file = path.join(copy, 'weights.bin');
    const weights = await readFile(file);
    await writeFile(file, weights.subarray(0, 100));
    const error = await loadRanker(copy).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error?.message).toBe(
      `${file} is damaged: 100 bytes, but model.json lists ${weights.length} bytes of weights (retrain, or restore the file)`,
    );
    await writeFile(file, Buffer.concat([weights, Buffer.alloc(4)]));
    await expect(loadRanker(copy)).rejects.toThrow(`${file} is damaged: ${weights.length + 4} bytes`);
    await rm(copy, { recursive: true });
  });

  it('rejects a preprocessing.json whose specs no longer match its schema hash', async () => {
    const copy = path.join(dir, 'tampered');
    await saveRanker(linear, copy);
    const file = path.join(copy, 'preprocessing.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.featureSpecs[0].name = 'renamed';
    json.features[0].name = 'renamed';
    await writeFile(file, JSON.stringify(json));
    await expect(loadRanker(copy)).rejects.toThrow('does not match its feature specs');
    await rm(copy, { recursive: true });
  });
});

describe('the same saved model on every backend', () => {
  async function scoresOn(backend: 'cpu' | 'wasm' | 'tensorflow', name: string): Promise<Float32Array> {
    await selectBackend(backend, quiet);
    const loaded = await loadRanker(path.join(dir, name));
    // The graph path: the folded linear path never touches the backend.
    const scores = loaded.score(scoring.columns, { path: 'graph' });
    loaded.dispose();
    return scores;
  }
  const maxAbsDiff = (a: Float32Array, b: Float32Array) =>
    a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

  it('scores within 1e-5 on cpu and wasm', async () => {
    for (const name of ['linear', 'mlp', 'cross']) {
      const cpu = await scoresOn('cpu', name);
      const wasm = await scoresOn('wasm', name);
      expect(tf.getBackend()).toBe('wasm');
      expect(maxAbsDiff(cpu, wasm)).toBeLessThanOrEqual(1e-5);
    }
    await selectBackend('cpu', quiet);
  });

  it('gives the plain-JS scores of the MLP and the cross network within 1e-5 of the graph on cpu and wasm', async () => {
    for (const name of ['mlp', 'cross']) {
      for (const backend of ['cpu', 'wasm'] as const) {
        await selectBackend(backend, quiet);
        const loaded = await loadRanker(path.join(dir, name));
        const js = loaded.score(scoring.columns, { path: 'js' });
        expect(loaded.score(scoring.columns)).toEqual(js); // auto is the JS path
        expect(maxAbsDiff(js, loaded.score(scoring.columns, { path: 'graph' }))).toBeLessThanOrEqual(1e-5);
        loaded.dispose();
      }
    }
    await selectBackend('cpu', quiet);
  });

  it.skipIf(!native)('scores within 1e-5 on the native tensorflow backend', async () => {
    const cpu = await scoresOn('cpu', 'linear');
    const node = await scoresOn('tensorflow', 'linear');
    expect(maxAbsDiff(cpu, node)).toBeLessThanOrEqual(1e-5);
    await selectBackend('cpu', quiet);
  });
});
