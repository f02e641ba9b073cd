/**
 * TensorFlow.js's `tf.train.adam` update in plain JS on float32 parameters, rounded like its kernels: every
 * operation of its `applyGradients` (the moments, the bias corrections from float32 accumulated betas, the
 * square root, epsilon, the learning rate) is one float32 operation in the same order, so the weights are
 * TensorFlow.js's bit for bit (a test checks it), without the dozen tensor ops per variable per step that
 * cost more than a small model's whole gradient. (Math.fround of a double +, -, *, / or sqrt of float32
 * inputs is the float32 operation's result: a double carries more than twice float32's precision.)
 */
import type { AdamOptions } from './adam.js';

const f = Math.fround;

export class Float32Adam {
  readonly #beta1: number;
  readonly #beta2: number;
  readonly #oneMinusBeta1: number;
  readonly #oneMinusBeta2: number;
  readonly #epsilon: number;
  readonly #negativeLearningRate: number;
  readonly #first: Float32Array[];
  readonly #second: Float32Array[];
  /** beta^t after t steps, float32 variables in TensorFlow.js. */
  #accBeta1: number;
  #accBeta2: number;

  /** `sizes`: the length of each parameter array the steps will update, in the order `step` receives them. */
  constructor(sizes: readonly number[], options: AdamOptions) {
    const beta1 = options.beta1 ?? 0.9;
    const beta2 = options.beta2 ?? 0.999;
    this.#beta1 = f(beta1);
    this.#beta2 = f(beta2);
    // TensorFlow.js multiplies by the JS number 1 - beta, made a float32 scalar.
    this.#oneMinusBeta1 = f(1 - beta1);
    this.#oneMinusBeta2 = f(1 - beta2);
    this.#epsilon = f(options.epsilon ?? 1e-7);
    this.#negativeLearningRate = f(-options.learningRate);
    this.#first = sizes.map((n) => new Float32Array(n));
    this.#second = sizes.map((n) => new Float32Array(n));
    this.#accBeta1 = this.#beta1;
    this.#accBeta2 = this.#beta2;
  }

  /** One update of every parameter array in place from its gradient (same order as the constructor's sizes). */
  step(parameters: readonly Float32Array[], gradients: readonly Float32Array[]): void {
    const b1 = this.#beta1;
    const b2 = this.#beta2;
    const c1 = this.#oneMinusBeta1;
    const c2 = this.#oneMinusBeta2;
    const eps = this.#epsilon;
    const rate = this.#negativeLearningRate;
    const correction1 = f(1 - this.#accBeta1);
    const correction2 = f(1 - this.#accBeta2);
    for (let p = 0; p < parameters.length; p++) {
      const w = parameters[p];
      const g = gradients[p];
      const m = this.#first[p];
      const v = this.#second[p];
      if (w.length !== m.length || g.length !== m.length)
        throw new RangeError(
          `Float32Adam: parameter ${p} has ${w.length} values and ${g.length} gradients, expected ${m.length}`,
        );
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        // newFirstMoment = m * beta1 + g * (1 - beta1); newSecondMoment = v * beta2 + g^2 * (1 - beta2)
        const mi = f(f(m[i] * b1) + f(gi * c1));
        const vi = f(f(v[i] * b2) + f(f(gi * gi) * c2));
        m[i] = mi;
        v[i] = vi;
        // value + (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon) * -learningRate
        const step = f(f(f(mi / correction1) / f(f(Math.sqrt(f(vi / correction2))) + eps)) * rate);
        w[i] = f(step + w[i]);
      }
    }
    this.#accBeta1 = f(this.#accBeta1 * b1);
    this.#accBeta2 = f(this.#accBeta2 * b2);
  }
}
