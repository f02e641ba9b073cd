import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@wemoms/data-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { Float32Adam } from './adam-float32.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Float32Adam', () => {
  it("gives tf.train.adam's weights bit for bit over many steps, whatever the gradients' scale", () => {
    const random = seededRandom(21);
    const sizes = [37, 1];
    for (const learningRate of [0.05, 0.001]) {
      const initial = sizes.map((n) => Float32Array.from({ length: n }, () => random() * 2 - 1));
      const variables = initial.map((w) => tf.variable(tf.tensor1d(w)));
      const optimizer = tf.train.adam(learningRate);
      const ours = initial.map((w) => w.slice());
      const adam = new Float32Adam(sizes, { learningRate });
      for (let step = 0; step < 300; step++) {
        // Gradients from tiny to large, some exactly zero, signs mixed.
        const scale = 10 ** (Math.floor(random() * 9) - 6);
        const gradients = sizes.map((n) =>
          Float32Array.from({ length: n }, () => (random() < 0.1 ? 0 : (random() * 2 - 1) * scale)),
        );
        adam.step(ours, gradients);
        const tensors = gradients.map((g) => tf.tensor1d(g));
        optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: tensors[i] })));
        tf.dispose(tensors);
      }
      variables.forEach((v, i) => {
        expect(Array.from(v.dataSync())).toEqual(Array.from(ours[i]));
        // The steps moved the weights.
        expect(ours[i].some((w, j) => w !== initial[i][j])).toBe(true);
      });
      optimizer.dispose();
      tf.dispose(variables);
    }
  });

  it('refuses a parameter of another size than announced', () => {
    const adam = new Float32Adam([3], { learningRate: 0.1 });
    expect(() => adam.step([new Float32Array(2)], [new Float32Array(2)])).toThrow(
      'parameter 0 has 2 values and 2 gradients, expected 3',
    );
  });
});
