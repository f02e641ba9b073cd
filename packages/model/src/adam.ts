/**
 * Adam in plain JS over Float64Array parameters, the exact update of TensorFlow.js's `tf.train.adam`
 * (beta1 0.9, beta2 0.999, epsilon = the backend's, 1e-7 on cpu and wasm) without a tensor per variable per
 * step: for the small networks trained here, the per-op dispatch of a TensorFlow.js update would cost more
 * than the whole forward and backward pass. A test checks it against `tf.train.adam`.
 */
export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export class Adam {
  readonly #learningRate: number;
  readonly #beta1: number;
  readonly #beta2: number;
  readonly #epsilon: number;
  readonly #first: Float64Array[];
  readonly #second: Float64Array[];
  /** beta^t after t steps, as tfjs accumulates them. */
  #accBeta1: number;
  #accBeta2: number;

  /** `parameters` are the arrays the steps will update, in the order `step` receives them. */
  constructor(parameters: readonly Float64Array[], options: AdamOptions) {
    this.#learningRate = options.learningRate;
    this.#beta1 = options.beta1 ?? 0.9;
    this.#beta2 = options.beta2 ?? 0.999;
    this.#epsilon = options.epsilon ?? 1e-7;
    this.#first = parameters.map((p) => new Float64Array(p.length));
    this.#second = parameters.map((p) => new Float64Array(p.length));
    this.#accBeta1 = this.#beta1;
    this.#accBeta2 = this.#beta2;
  }

  /** One update of every parameter array in place from its gradient (same order as the constructor's). */
  step(parameters: readonly Float64Array[], gradients: readonly Float64Array[]): void {
    const b1 = this.#beta1;
    const b2 = this.#beta2;
    const correction1 = 1 - this.#accBeta1;
    const correction2 = 1 - this.#accBeta2;
    const lr = this.#learningRate;
    const eps = this.#epsilon;
    for (let p = 0; p < parameters.length; p++) {
      const w = parameters[p];
      const g = gradients[p];
      const m = this.#first[p];
      const v = this.#second[p];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        const mi = b1 * m[i] + (1 - b1) * gi;
        const vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] -= (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + eps);
      }
    }
    this.#accBeta1 *= b1;
    this.#accBeta2 *= b2;
  }
}
