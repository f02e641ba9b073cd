import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@wemoms/data-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompactRows } from './compact-rows.js';
import { buildNetwork, type CrossShape, logitModel } from './network.js';
import { createNetworkForward } from './network-forward.js';
import { createNetworkGradient } from './network-gradient.js';
import { parameterArrays, readNetworkParams, zerosLike } from './network-params.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Compact rows over `width` slots: numeric slots 0..5 (some values 0), blocks [6, 9) and [9, width). */
function randomRows(rows: number, width: number, seed: number): CompactRows {
  const random = seededRandom(seed);
  const numericSlots = Int32Array.of(0, 1, 2, 3, 4, 5);
  const blockStarts = Int32Array.of(6, 9);
  const numeric = Float32Array.from({ length: rows * 6 }, () => (random() < 0.2 ? 0 : random() * 4 - 2));
  const hot = new Int32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    hot[r * 2] = 6 + Math.floor(random() * 3);
    hot[r * 2 + 1] = 9 + Math.floor(random() * (width - 9));
  }
  return { rows, numericSlots, numeric, blockStarts, hot };
}

function denseMatrix(data: CompactRows, width: number): Float32Array {
  const m = new Float32Array(data.rows * width);
  const nw = data.numericSlots.length;
  const blocks = data.blockStarts.length;
  for (let r = 0; r < data.rows; r++) {
    for (let j = 0; j < nw; j++) m[r * width + data.numericSlots[j]] = data.numeric[r * nw + j];
    for (let b = 0; b < blocks; b++)
      if (data.hot[r * blocks + b] >= 0) m[r * width + data.hot[r * blocks + b]] = 1;
  }
  return m;
}

const SHAPES: [string, number[], CrossShape][] = [
  ['linear', [], { layers: 0, rank: 1 }],
  ['MLP', [5, 3], { layers: 0, rank: 1 }],
  ['cross', [], { layers: 2, rank: 3 }],
  ['cross + deep', [4], { layers: 1, rank: 2 }],
];

describe.each(SHAPES)('the plain-JS %s network', (_, hidden, cross) => {
  const width = 13;
  const rows = 37;
  const data = randomRows(rows, width, 5);
  const order = Int32Array.from({ length: rows }, (_, i) => (i * 7) % rows); // a shuffled batch

  it('has the graph logits (forward pass for training and for scoring)', () => {
    const model = buildNetwork(width, hidden, 3, cross);
    const params = readNetworkParams(model);
    const z = new Float64Array(rows);
    createNetworkGradient(params, data.numericSlots, 2, rows).forward(data, order, 0, rows, z);
    const scored = new Float64Array(rows);
    createNetworkForward(params, data.numericSlots, 2).logits(data.numeric, data.hot, 0, rows, scored, 0);
    const graph = tf.tidy(() =>
      (logitModel(model).apply(tf.tensor2d(denseMatrix(data, width), [rows, width])) as tf.Tensor).dataSync(),
    );
    for (let k = 0; k < rows; k++) {
      expect(Math.abs(z[k] - graph[order[k]])).toBeLessThan(1e-5);
      expect(Math.abs(scored[k] - graph[k])).toBeLessThan(1e-5);
    }
    model.dispose();
  });

  it("has TensorFlow.js autodiff's gradient of sum(dz * logit) for every weight", () => {
    const model = buildNetwork(width, hidden, 3, cross);
    // Non-zero biases, so that the bias paths are exercised too.
    const shifted = model
      .getWeights()
      .map((w, i) => tf.tidy(() => tf.add(w, tf.randomUniform(w.shape, -0.3, 0.3, 'float32', 10 + i))));
    model.setWeights(shifted);
    tf.dispose(shifted);
    const params = readNetworkParams(model);
    const gradients = zerosLike(params);
    const random = seededRandom(8);
    const dz = Float64Array.from({ length: rows }, () => random() - 0.5);
    const network = createNetworkGradient(params, data.numericSlots, 2, rows);
    network.forward(data, order, 0, rows, new Float64Array(rows));
    network.backward(dz, gradients);
    // Reference: tf.variableGrads of sum(dz[k] * logit(row order[k])).
    const x = tf.tensor2d(denseMatrix(data, width), [rows, width]);
    const weightsDz = new Float32Array(rows);
    for (let k = 0; k < rows; k++) weightsDz[order[k]] = dz[k];
    const logits = logitModel(model);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(logits.apply(x) as tf.Tensor, tf.tensor2d(weightsDz, [rows, 1]))) as tf.Scalar,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    const reference = model.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name].dataSync());
    const ours = parameterArrays(gradients);
    expect(ours.length).toBe(reference.length);
    ours.forEach((g, p) => {
      expect(g.length).toBe(reference[p].length);
      for (let i = 0; i < g.length; i++) expect(Math.abs(g[i] - reference[p][i])).toBeLessThan(1e-5);
    });
    // The comparison is not between two zero gradients.
    expect(ours.some((g) => g.some((v) => Math.abs(v) > 1e-3))).toBe(true);
    tf.dispose([x, ...Object.values(grads)]);
    model.dispose();
  });
});

describe('createNetworkForward', () => {
  it('reads a hot slot of -1 as a block with no slot set', () => {
    const width = 13;
    const data = randomRows(4, width, 9);
    for (let r = 0; r < 4; r++) data.hot[r * 2 + 1] = -1;
    const model = buildNetwork(width, [4], 2, { layers: 1, rank: 2 });
    const z = new Float64Array(4);
    createNetworkForward(readNetworkParams(model), data.numericSlots, 2).logits(
      data.numeric,
      data.hot,
      0,
      4,
      z,
      0,
    );
    const graph = tf.tidy(() =>
      (logitModel(model).apply(tf.tensor2d(denseMatrix(data, width), [4, width])) as tf.Tensor).dataSync(),
    );
    for (let k = 0; k < 4; k++) expect(Math.abs(z[k] - graph[k])).toBeLessThan(1e-5);
    model.dispose();
  });
});
