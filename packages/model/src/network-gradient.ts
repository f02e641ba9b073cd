/**
 * Forward and backward pass of the network over a batch of compact rows, in plain JS float64: the logits,
 * then, from dLoss/dlogit per row, the gradient of every parameter (same layouts as `NetworkParams`). The
 * same maths as TensorFlow.js's automatic differentiation of the graph (a test compares them); like the
 * forward pass, a one-hot block costs one weight row per row, and cross layers run on the active inputs only.
 *
 * Cross layer (per row, on the active inputs a with slot s(a)): p = V^T x_l, q_a = U[:, s(a)] . p + c_s(a),
 * x_{l+1,a} = x0_a q_a + x_l,a. Backward from g = dL/dx_{l+1}: dq_a = g_a x0_a; dc_s(a) += dq_a;
 * dU[:, s(a)] += dq_a p; dp = sum_a dq_a U[:, s(a)]; dV[s(a), :] += x_l,a dp; dL/dx_l,a = g_a + V[s(a), :] . dp.
 *
 * Every hot loop is a module-level function over typed arrays and numbers: V8 optimises each on its own
 * feedback (one closure holding every loop was deoptimised on each call, about 3x slower).
 */
import type { CompactRows } from './compact-rows.js';
import type { CrossParams, NetworkParams } from './network-params.js';

export interface NetworkGradient {
  /**
   * Logits of the rows `order[start .. start + m)` of `data` into `z[0 .. m)`, keeping what the backward
   * pass needs.
   */
  forward(data: CompactRows, order: Int32Array, start: number, m: number, z: Float64Array): void;
  /**
   * Adds to `gradients` the gradient of `sum_i dz[i] * z_i` over the rows of the last `forward` (so with
   * dz = dLoss/dz, the gradient of the loss).
   */
  backward(dz: Float64Array, gradients: NetworkParams): void;
}

/** Buffers for batches of up to `maxRows` rows of `params`' network on compact rows of `blocks` hot slots. */
export function createNetworkGradient(
  params: NetworkParams,
  numericSlots: Int32Array,
  blocks: number,
  maxRows: number,
): NetworkGradient {
  const numericWidth = numericSlots.length;
  const active = numericWidth + blocks;
  const crossCount = params.cross.length;
  /** Active input values per cross level: xs[l] is `maxRows x active` (xs[0] = x0). */
  const xs = Array.from({ length: crossCount + 1 }, () => new Float64Array(maxRows * active));
  const ps = params.cross.map((c) => new Float64Array(maxRows * c.rank));
  /** Slot of each row's one-hot inputs (`maxRows x blocks`); numeric inputs sit at `numericSlots`. */
  const hotSlots = new Int32Array(maxRows * blocks);
  /** Outputs of each dense layer (after ReLU for hidden layers), and their gradients. */
  const outs = params.dense.map((d) => new Float64Array(maxRows * d.units));
  const deltas = params.dense.map((d) => new Float64Array(maxRows * d.units));
  const gx = new Float64Array(maxRows * active);
  const maxRank = Math.max(1, ...params.cross.map((c) => c.rank));
  const dp = new Float64Array(maxRank);
  const first = params.dense[0];
  // The first dense layer's numeric rows, repacked once per step by blocks of four units.
  const firstPacked = new Float64Array(Math.ceil(first.units / 4) * numericWidth * 4);
  const last = params.dense.length - 1;
  let rows = 0;

  function forward(data: CompactRows, order: Int32Array, start: number, m: number, z: Float64Array): void {
    if (m > maxRows) throw new RangeError(`batch of ${m} rows, buffers for ${maxRows}`);
    rows = m;
    gatherRows(data.numeric, data.hot, order, start, m, numericWidth, blocks, xs[0], hotSlots);
    for (let l = 0; l < crossCount; l++) {
      const c = params.cross[l];
      crossForward(c, params.width, xs[0], xs[l], xs[l + 1], ps[l], numericSlots, hotSlots, m, blocks);
    }
    packRows4(first.kernel, first.units, numericSlots, firstPacked);
    firstLayerForward(
      xs[crossCount],
      hotSlots,
      m,
      numericWidth,
      blocks,
      firstPacked,
      first.kernel,
      first.bias,
      first.units,
      last > 0,
      outs[0],
    );
    for (let i = 1; i <= last; i++) {
      const d = params.dense[i];
      denseForward(outs[i - 1], m, d.inputs, d.units, d.kernel, d.bias, i < last, outs[i]);
    }
    z.set(outs[last].subarray(0, m));
  }

  function backward(dz: Float64Array, gradients: NetworkParams): void {
    const m = rows;
    deltas[last].set(dz.subarray(0, m));
    for (let i = last; i >= 0; i--) {
      const d = params.dense[i];
      const g = gradients.dense[i];
      // ReLU: the gradient passes where the unit was active.
      if (i < last) reluMask(outs[i], deltas[i], m * d.units);
      biasGradient(deltas[i], m, d.units, g.bias);
      if (i > 0)
        denseBackward(outs[i - 1], deltas[i], m, d.inputs, d.units, d.kernel, g.kernel, deltas[i - 1]);
    }
    const input = xs[crossCount];
    const gFirst = gradients.dense[0];
    firstKernelGradient(
      input,
      deltas[0],
      hotSlots,
      m,
      numericWidth,
      blocks,
      numericSlots,
      first.units,
      gFirst.kernel,
    );
    if (crossCount === 0) return;
    firstInputGradient(
      deltas[0],
      hotSlots,
      m,
      numericWidth,
      blocks,
      numericSlots,
      first.kernel,
      first.units,
      gx,
    );
    for (let l = crossCount - 1; l >= 0; l--) {
      crossBackward(
        params.cross[l],
        gradients.cross[l],
        params.width,
        xs[0],
        xs[l],
        ps[l],
        numericSlots,
        hotSlots,
        m,
        blocks,
        gx,
        dp,
      );
    }
  }

  return { forward, backward };
}

/** Copies the batch's rows into the active inputs (numeric values, then a 1 per one-hot block) and hot slots. */
function gatherRows(
  numeric: Float32Array,
  hot: Int32Array,
  order: Int32Array,
  start: number,
  m: number,
  numericWidth: number,
  blocks: number,
  x0: Float64Array,
  hotSlots: Int32Array,
): void {
  const active = numericWidth + blocks;
  for (let k = 0; k < m; k++) {
    const r = order[start + k];
    const o = k * active;
    const n0 = r * numericWidth;
    for (let j = 0; j < numericWidth; j++) x0[o + j] = numeric[n0 + j];
    for (let b = 0; b < blocks; b++) {
      x0[o + numericWidth + b] = 1;
      hotSlots[k * blocks + b] = hot[r * blocks + b];
    }
  }
}

/** A layer's kernel rows at `slots`, by blocks of four units: `[unit block][input][4]` (zero padded). */
function packRows4(kernel: Float64Array, units: number, slots: Int32Array, packed: Float64Array): void {
  const n = slots.length;
  const unitBlocks = Math.ceil(units / 4);
  for (let hb = 0; hb < unitBlocks; hb++) {
    for (let j = 0; j < n; j++) {
      const w = slots[j] * units;
      const o = (hb * n + j) * 4;
      for (let t = 0; t < 4; t++) {
        const h = hb * 4 + t;
        packed[o + t] = h < units ? kernel[w + h] : 0;
      }
    }
  }
}

/**
 * The first dense layer over the active inputs: four units per pass as register-blocked dot products over
 * the numeric inputs, then each one-hot slot's kernel row; ReLU when the layer is hidden.
 */
function firstLayerForward(
  input: Float64Array,
  hotSlots: Int32Array,
  m: number,
  numericWidth: number,
  blocks: number,
  packed: Float64Array,
  kernel: Float64Array,
  bias: Float64Array,
  units: number,
  relu: boolean,
  out: Float64Array,
): void {
  const active = numericWidth + blocks;
  for (let k = 0; k < m; k++) {
    const o = k * active;
    const oo = k * units;
    for (let hb = 0; hb * 4 < units; hb++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let j = 0, p = hb * numericWidth * 4; j < numericWidth; j++, p += 4) {
        const v = input[o + j];
        a0 += v * packed[p];
        a1 += v * packed[p + 1];
        a2 += v * packed[p + 2];
        a3 += v * packed[p + 3];
      }
      const h = hb * 4;
      out[oo + h] = a0 + bias[h];
      if (h + 1 < units) out[oo + h + 1] = a1 + bias[h + 1];
      if (h + 2 < units) out[oo + h + 2] = a2 + bias[h + 2];
      if (h + 3 < units) out[oo + h + 3] = a3 + bias[h + 3];
    }
    for (let b = 0; b < blocks; b++) {
      const v = input[o + numericWidth + b];
      if (v === 0) continue;
      const w = hotSlots[k * blocks + b] * units;
      for (let h = 0; h < units; h++) out[oo + h] += v * kernel[w + h];
    }
    if (relu) for (let h = 0; h < units; h++) if (out[oo + h] < 0) out[oo + h] = 0;
  }
}

/** A dense layer on the previous layer's outputs. */
function denseForward(
  prev: Float64Array,
  m: number,
  inputs: number,
  units: number,
  kernel: Float64Array,
  bias: Float64Array,
  relu: boolean,
  out: Float64Array,
): void {
  for (let k = 0; k < m; k++) {
    const oo = k * units;
    const po = k * inputs;
    for (let h = 0; h < units; h++) out[oo + h] = bias[h];
    for (let j = 0; j < inputs; j++) {
      const v = prev[po + j];
      if (v === 0) continue;
      const w = j * units;
      for (let h = 0; h < units; h++) out[oo + h] += v * kernel[w + h];
    }
    if (relu) for (let h = 0; h < units; h++) if (out[oo + h] < 0) out[oo + h] = 0;
  }
}

/** Slot of active input `a` of batch row `k`. */
function slotOf(
  a: number,
  k: number,
  numericSlots: Int32Array,
  hotSlots: Int32Array,
  blocks: number,
): number {
  const numericWidth = numericSlots.length;
  return a < numericWidth ? numericSlots[a] : hotSlots[k * blocks + a - numericWidth];
}

function crossForward(
  c: CrossParams,
  width: number,
  x0: Float64Array,
  xl: Float64Array,
  next: Float64Array,
  p: Float64Array,
  numericSlots: Int32Array,
  hotSlots: Int32Array,
  m: number,
  blocks: number,
): void {
  const r = c.rank;
  const v = c.v;
  const u = c.u;
  const bias = c.bias;
  const active = numericSlots.length + blocks;
  for (let k = 0; k < m; k++) {
    const o = k * active;
    const po = k * r;
    for (let t = 0; t < r; t++) p[po + t] = 0;
    for (let a = 0; a < active; a++) {
      const x = xl[o + a];
      if (x === 0) continue;
      const vo = slotOf(a, k, numericSlots, hotSlots, blocks) * r;
      for (let t = 0; t < r; t++) p[po + t] += x * v[vo + t];
    }
    for (let a = 0; a < active; a++) {
      const s = slotOf(a, k, numericSlots, hotSlots, blocks);
      let q = bias[s];
      for (let t = 0; t < r; t++) q += u[t * width + s] * p[po + t];
      next[o + a] = x0[o + a] * q + xl[o + a];
    }
  }
}

function reluMask(out: Float64Array, delta: Float64Array, n: number): void {
  for (let e = 0; e < n; e++) if (out[e] <= 0) delta[e] = 0;
}

function biasGradient(delta: Float64Array, m: number, units: number, gradient: Float64Array): void {
  for (let k = 0; k < m; k++) for (let h = 0; h < units; h++) gradient[h] += delta[k * units + h];
}

/** Kernel gradient of a dense layer on the previous layer's outputs, and the gradient of those outputs. */
function denseBackward(
  prev: Float64Array,
  delta: Float64Array,
  m: number,
  inputs: number,
  units: number,
  kernel: Float64Array,
  gradient: Float64Array,
  below: Float64Array,
): void {
  for (let k = 0; k < m; k++) {
    const po = k * inputs;
    const oo = k * units;
    for (let j = 0; j < inputs; j++) {
      const v = prev[po + j];
      let back = 0;
      for (let h = 0; h < units; h++) {
        const e = delta[oo + h];
        gradient[j * units + h] += v * e;
        back += kernel[j * units + h] * e;
      }
      below[po + j] = back;
    }
  }
}

/**
 * The first layer's kernel gradient over the batch: numeric rows as register-blocked sums over the batch's
 * rows (an input times four units at a time), one-hot rows (one per block and row) directly.
 */
function firstKernelGradient(
  input: Float64Array,
  delta: Float64Array,
  hotSlots: Int32Array,
  m: number,
  numericWidth: number,
  blocks: number,
  numericSlots: Int32Array,
  units: number,
  gradient: Float64Array,
): void {
  const active = numericWidth + blocks;
  const full = units - (units % 4);
  for (let j = 0; j < numericWidth; j++) {
    const w = numericSlots[j] * units;
    let h = 0;
    for (; h < full; h += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let k = 0, o = j, e = h; k < m; k++, o += active, e += units) {
        const v = input[o];
        a0 += v * delta[e];
        a1 += v * delta[e + 1];
        a2 += v * delta[e + 2];
        a3 += v * delta[e + 3];
      }
      gradient[w + h] += a0;
      gradient[w + h + 1] += a1;
      gradient[w + h + 2] += a2;
      gradient[w + h + 3] += a3;
    }
    for (; h < units; h++) {
      let a = 0;
      for (let k = 0, o = j, e = h; k < m; k++, o += active, e += units) a += input[o] * delta[e];
      gradient[w + h] += a;
    }
  }
  for (let k = 0; k < m; k++) {
    const o = k * active + numericWidth;
    const e = k * units;
    for (let b = 0; b < blocks; b++) {
      const v = input[o + b];
      if (v === 0) continue;
      const w = hotSlots[k * blocks + b] * units;
      for (let h = 0; h < units; h++) gradient[w + h] += v * delta[e + h];
    }
  }
}

/** dL/d(active input) of the first dense layer, per batch row (`m x active`), for the cross layers below. */
function firstInputGradient(
  delta: Float64Array,
  hotSlots: Int32Array,
  m: number,
  numericWidth: number,
  blocks: number,
  numericSlots: Int32Array,
  kernel: Float64Array,
  units: number,
  gx: Float64Array,
): void {
  const active = numericWidth + blocks;
  for (let k = 0; k < m; k++) {
    const oo = k * units;
    for (let a = 0; a < active; a++) {
      const w = slotOf(a, k, numericSlots, hotSlots, blocks) * units;
      let back = 0;
      for (let h = 0; h < units; h++) back += kernel[w + h] * delta[oo + h];
      gx[k * active + a] = back;
    }
  }
}

/** One cross layer's parameter gradients, and `gx` turned into dL/dx_l (in place). */
function crossBackward(
  c: CrossParams,
  g: CrossParams,
  width: number,
  x0: Float64Array,
  xl: Float64Array,
  p: Float64Array,
  numericSlots: Int32Array,
  hotSlots: Int32Array,
  m: number,
  blocks: number,
  gx: Float64Array,
  dp: Float64Array,
): void {
  const r = c.rank;
  const active = numericSlots.length + blocks;
  for (let k = 0; k < m; k++) {
    const o = k * active;
    const po = k * r;
    for (let t = 0; t < r; t++) dp[t] = 0;
    for (let a = 0; a < active; a++) {
      const dq = gx[o + a] * x0[o + a];
      if (dq === 0) continue;
      const s = slotOf(a, k, numericSlots, hotSlots, blocks);
      g.bias[s] += dq;
      for (let t = 0; t < r; t++) {
        g.u[t * width + s] += dq * p[po + t];
        dp[t] += dq * c.u[t * width + s];
      }
    }
    for (let a = 0; a < active; a++) {
      const vo = slotOf(a, k, numericSlots, hotSlots, blocks) * r;
      const x = xl[o + a];
      let back = 0;
      for (let t = 0; t < r; t++) {
        g.v[vo + t] += x * dp[t];
        back += c.v[vo + t] * dp[t];
      }
      gx[o + a] += back;
    }
  }
}
