import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@wemoms/data-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Adam', () => {
  // float32 (tfjs) against float64 (here): equal to float32 rounding over a few steps.
  it("makes tf.train.adam's updates", () => {
    const random = seededRandom(4);
    const initial = [Float64Array.from({ length: 12 }, () => random() - 0.5), Float64Array.of(0.3, -0.2)];
    const params = initial.map((p) => p.slice());
    const variables = initial.map((p) => tf.variable(tf.tensor1d(Float32Array.from(p))));
    const adam = new Adam(params, { learningRate: 0.05 });
    const reference = tf.train.adam(0.05);
    for (let step = 0; step < 5; step++) {
      const gradients = initial.map((p) => Float64Array.from(p, () => (random() - 0.5) * 10 ** (step - 2)));
      adam.step(params, gradients);
      reference.applyGradients(
        variables.map((v, i) => ({ name: v.name, tensor: tf.tensor1d(Float32Array.from(gradients[i])) })),
      );
    }
    variables.forEach((v, i) => {
      const expected = v.dataSync();
      for (let j = 0; j < expected.length; j++)
        expect(Math.abs(params[i][j] - expected[j])).toBeLessThan(1e-5);
      // The steps moved the parameters.
      expect(params[i].some((w, j) => Math.abs(w - initial[i][j]) > 1e-3)).toBe(true);
    });
    tf.dispose(variables);
    reference.dispose();
  });
});
