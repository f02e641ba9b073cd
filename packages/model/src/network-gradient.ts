/**
 * Forward and backward pass of the network over a batch of compact rows, in plain JS float64: the logits,
 * then, from dLoss/dlogit per row, the gradient of every parameter (same layouts as `NetworkParams`). The
 * same maths as TensorFlow.js's automatic differentiation of the graph (a test compares them); like the
 * forward pass, a one-hot block costs one weight row per row, and cross layers run on the active inputs only.
 *
 * Cross layer (per row, on the active inputs a with slot s(a)): p = V^T x_l, q_a = U[:, s(a)] . p + c_s(a),
 * x_{l+1,a} = x0_a q_a + x_l,a. Backward from g = dL/dx_{l+1}: dq_a = g_a x0_a; dc_s(a) += dq_a;
 * dU[:, s(a)] += dq_a p; dp = sum_a dq_a U[:, s(a)]; dV[s(a), :] += x_l,a dp; dL/dx_l,a = g_a + V[s(a), :] . dp.
 */
import type { CompactRows } from './compact-rows.js';
import type { NetworkParams } from './network-params.js';

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
  const { width } = params;
  const numericWidth = numericSlots.length;
  const active = numericWidth + blocks;
  const crossCount = params.cross.length;
  /** Active input values per cross level: xs[l] is `maxRows x active` (xs[0] = x0). */
  const xs = Array.from({ length: crossCount + 1 }, () => new Float64Array(maxRows * active));
  const ps = params.cross.map((c) => new Float64Array(maxRows * c.rank));
  /** Slot of each active input per row. */
  const slots = new Int32Array(maxRows * active);
  /** Outputs of each dense layer (after ReLU for hidden layers). */
  const outs = params.dense.map((d) => new Float64Array(maxRows * d.units));
  const deltas = params.dense.map((d) => new Float64Array(maxRows * d.units));
  const gx = new Float64Array(active);
  const maxRank = Math.max(1, ...params.cross.map((c) => c.rank));
  const dp = new Float64Array(maxRank);
  let rows = 0;

  // The first dense layer reads ~100 active inputs per row: its numeric rows are repacked once per step by
  // blocks of four units ([unit block][input][4]), so a row's pre-activations are register-blocked dot
  // products instead of a read-modify-write of every unit per input.
  const firstDense = params.dense[0];
  const firstUnitBlocks = Math.ceil(firstDense.units / 4);
  const firstPacked = new Float64Array(firstUnitBlocks * numericWidth * 4);
  const blockSums = new Float64Array(4);

  function packFirst(): void {
    const units = firstDense.units;
    for (let hb = 0; hb < firstUnitBlocks; hb++) {
      for (let j = 0; j < numericWidth; j++) {
        const w = numericSlots[j] * units;
        const o = (hb * numericWidth + j) * 4;
        for (let t = 0; t < 4; t++) {
          const h = hb * 4 + t;
          firstPacked[o + t] = h < units ? firstDense.kernel[w + h] : 0;
        }
      }
    }
  }

  /** `out[oo + h] += sum over the row's active inputs of x * W[slot, h]` (out holds the bias). */
  function firstLayerRow(
    d: NetworkParams['dense'][number],
    input: Float64Array,
    o: number,
    out: Float64Array,
    oo: number,
  ): void {
    const units = d.units;
    for (let hb = 0; hb < firstUnitBlocks; hb++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let j = 0, p = hb * numericWidth * 4; j < numericWidth; j++, p += 4) {
        const v = input[o + j];
        a0 += v * firstPacked[p];
        a1 += v * firstPacked[p + 1];
        a2 += v * firstPacked[p + 2];
        a3 += v * firstPacked[p + 3];
      }
      blockSums[0] = a0;
      blockSums[1] = a1;
      blockSums[2] = a2;
      blockSums[3] = a3;
      for (let t = 0; t < 4 && hb * 4 + t < units; t++) out[oo + hb * 4 + t] += blockSums[t];
    }
    for (let b = numericWidth; b < active; b++) {
      const v = input[o + b];
      if (v === 0) continue;
      const w = slots[o + b] * units;
      for (let h = 0; h < units; h++) out[oo + h] += v * d.kernel[w + h];
    }
  }

  /**
   * Adds the first layer's kernel gradient over the batch: numeric rows as register-blocked sums over the
   * batch's rows (input j x four units at a time), one-hot rows (few per row) directly.
   */
  function firstKernelGradient(
    input: Float64Array,
    delta: Float64Array,
    units: number,
    m: number,
    gradient: Float64Array,
  ): void {
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
      const o = k * active;
      const e = k * units;
      for (let b = numericWidth; b < active; b++) {
        const v = input[o + b];
        if (v === 0) continue;
        const w = slots[o + b] * units;
        for (let h = 0; h < units; h++) gradient[w + h] += v * delta[e + h];
      }
    }
  }

  function forward(data: CompactRows, order: Int32Array, start: number, m: number, z: Float64Array): void {
    if (m > maxRows) throw new RangeError(`batch of ${m} rows, buffers for ${maxRows}`);
    rows = m;
    const x0 = xs[0];
    for (let k = 0; k < m; k++) {
      const r = order[start + k];
      const o = k * active;
      for (let j = 0; j < numericWidth; j++) {
        x0[o + j] = data.numeric[r * numericWidth + j];
        slots[o + j] = numericSlots[j];
      }
      for (let b = 0; b < blocks; b++) {
        x0[o + numericWidth + b] = 1;
        slots[o + numericWidth + b] = data.hot[r * blocks + b];
      }
    }
    params.cross.forEach((c, l) => {
      const r = c.rank;
      const xl = xs[l];
      const next = xs[l + 1];
      const p = ps[l];
      for (let k = 0; k < m; k++) {
        const o = k * active;
        const po = k * r;
        for (let t = 0; t < r; t++) p[po + t] = 0;
        for (let a = 0; a < active; a++) {
          const v = xl[o + a];
          if (v === 0) continue;
          const vo = slots[o + a] * r;
          for (let t = 0; t < r; t++) p[po + t] += v * c.v[vo + t];
        }
        for (let a = 0; a < active; a++) {
          const s = slots[o + a];
          let q = c.bias[s];
          for (let t = 0; t < r; t++) q += c.u[t * width + s] * p[po + t];
          next[o + a] = x0[o + a] * q + xl[o + a];
        }
      }
    });
    const input = xs[crossCount];
    packFirst();
    params.dense.forEach((d, i) => {
      const out = outs[i];
      const units = d.units;
      const relu = i < params.dense.length - 1;
      for (let k = 0; k < m; k++) {
        const oo = k * units;
        for (let h = 0; h < units; h++) out[oo + h] = d.bias[h];
        if (i === 0) {
          firstLayerRow(d, input, k * active, out, oo);
        } else {
          const prev = outs[i - 1];
          for (let j = 0, po = k * d.inputs; j < d.inputs; j++) {
            const v = prev[po + j];
            if (v === 0) continue;
            for (let h = 0; h < units; h++) out[oo + h] += v * d.kernel[j * units + h];
          }
        }
        if (relu) for (let h = 0; h < units; h++) if (out[oo + h] < 0) out[oo + h] = 0;
      }
    });
    const logits = outs[outs.length - 1];
    for (let k = 0; k < m; k++) z[k] = logits[k];
  }

  function backward(dz: Float64Array, gradients: NetworkParams): void {
    const m = rows;
    const last = params.dense.length - 1;
    deltas[last].set(dz.subarray(0, m));
    for (let i = last; i >= 0; i--) {
      const d = params.dense[i];
      const g = gradients.dense[i];
      const units = d.units;
      const delta = deltas[i];
      // ReLU: the gradient passes where the unit was active.
      if (i < last) {
        const out = outs[i];
        for (let e = 0; e < m * units; e++) if (out[e] <= 0) delta[e] = 0;
      }
      for (let k = 0; k < m; k++) for (let h = 0; h < units; h++) g.bias[h] += delta[k * units + h];
      if (i > 0) {
        const prev = outs[i - 1];
        const below = deltas[i - 1];
        for (let k = 0; k < m; k++) {
          const po = k * d.inputs;
          const oo = k * units;
          for (let j = 0; j < d.inputs; j++) {
            const v = prev[po + j];
            let back = 0;
            for (let h = 0; h < units; h++) {
              const e = delta[oo + h];
              g.kernel[j * units + h] += v * e;
              back += d.kernel[j * units + h] * e;
            }
            below[po + j] = back;
          }
        }
      }
    }
    // The first dense layer reads the active inputs (after the cross layers).
    const first = params.dense[0];
    const gFirst = gradients.dense[0];
    const units = first.units;
    const delta = deltas[0];
    const input = xs[crossCount];
    firstKernelGradient(input, delta, units, m, gFirst.kernel);
    if (crossCount === 0) return;
    for (let k = 0; k < m; k++) {
      const o = k * active;
      const oo = k * units;
      for (let a = 0; a < active; a++) {
        const w = slots[o + a] * units;
        let back = 0;
        for (let h = 0; h < units; h++) back += first.kernel[w + h] * delta[oo + h];
        gx[a] = back;
      }
      // Down through the cross layers, last first.
      for (let l = crossCount - 1; l >= 0; l--) {
        const c = params.cross[l];
        const gc = gradients.cross[l];
        const r = c.rank;
        const xl = xs[l];
        const x0 = xs[0];
        const p = ps[l];
        const po = k * r;
        for (let t = 0; t < r; t++) dp[t] = 0;
        for (let a = 0; a < active; a++) {
          const s = slots[o + a];
          const dq = gx[a] * x0[o + a];
          if (dq === 0) continue;
          gc.bias[s] += dq;
          for (let t = 0; t < r; t++) {
            gc.u[t * width + s] += dq * p[po + t];
            dp[t] += dq * c.u[t * width + s];
          }
        }
        for (let a = 0; a < active; a++) {
          const vo = slots[o + a] * r;
          const v = xl[o + a];
          let back = 0;
          for (let t = 0; t < r; t++) {
            gc.v[vo + t] += v * dp[t];
            back += c.v[vo + t] * dp[t];
          }
          gx[a] += back;
        }
      }
    }
  }

  return { forward, backward };
}
