/**
 * The network's forward pass in plain JS over compact rows (numeric inputs as a dense block, one hot slot
 * per categorical block): the same function as the TensorFlow.js graph, without building the ~330-wide
 * one-hot matrix and without a tensor per batch. A one-hot block costs one weight row per layer that reads
 * the input, never a multiply by zero; cross layers keep the input's zeros (x0 * anything + 0), so they too
 * run over the ~100 active inputs only. Hot loops take four units of a layer per pass over its inputs, on
 * weights repacked (`[unit block][input][4]`), float64 throughout; no per-row objects.
 *
 * Without cross layers, the first layer (the costly one: ~100 inputs x units) is hoisted per tile of rows:
 * the inputs equal on every row of the tile (in a candidate chunk, the user's own features, shared by all
 * candidates of her group) are summed into the units once, and each row only pays for the inputs that vary.
 * Same sums in another order: equal to the graph within float32 rounding, like the rest.
 */
import type { NetworkParams } from './network-params.js';

/** Logits of compact rows. */
export interface NetworkForward {
  /**
   * Writes the logit of compact rows [start, end) (`numeric`: rows x numericSlots, `hot`: rows x blocks)
   * into `out[outStart ..]`. A hot slot of -1 stands for a block with no slot set (all zeros: how
   * occlusion removes a category).
   */
  logits(
    numeric: Float32Array,
    hot: Int32Array,
    start: number,
    end: number,
    out: Float64Array,
    outStart: number,
  ): void;
}

/** A dense layer's kernel rows (an input's weights to every unit) repacked by blocks of four units. */
function packRows(kernel: Float64Array, units: number, rows: ArrayLike<number>): Float64Array {
  const blocks = Math.ceil(units / 4);
  const n = rows.length;
  const packed = new Float64Array(blocks * n * 4);
  for (let hb = 0; hb < blocks; hb++) {
    for (let j = 0; j < n; j++) {
      for (let t = 0; t < 4; t++) {
        const h = hb * 4 + t;
        if (h < units) packed[(hb * n + j) * 4 + t] = kernel[rows[j] * units + h];
      }
    }
  }
  return packed;
}

/** `bias + x . packed` for four units at once: `acc[t] = ...` for units `hb * 4 + t`. */
function blockDot(x: Float64Array, n: number, packed: Float64Array, hb: number, acc: Float64Array): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  for (let j = 0, o = hb * n * 4; j < n; j++, o += 4) {
    const v = x[j];
    a0 += v * packed[o];
    a1 += v * packed[o + 1];
    a2 += v * packed[o + 2];
    a3 += v * packed[o + 3];
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/**
 * Builds the forward pass of `params` for compact rows whose numeric block holds the inputs `numericSlots`
 * and whose hot block holds `blocks` slots.
 */
export function createNetworkForward(
  params: NetworkParams,
  numericSlots: Int32Array,
  blocks: number,
): NetworkForward {
  const { width } = params;
  const numericWidth = numericSlots.length;
  const active = numericWidth + blocks;
  // Cross layers: V and U^T rows of the numeric slots gathered; the full ones for the hot slots.
  const cross = params.cross.map((c) => {
    const r = c.rank;
    const ut = new Float64Array(width * r);
    for (let t = 0; t < r; t++) for (let s = 0; s < width; s++) ut[s * r + t] = c.u[t * width + s];
    const vNumeric = new Float64Array(numericWidth * r);
    const utNumeric = new Float64Array(numericWidth * r);
    const biasNumeric = new Float64Array(numericWidth);
    for (let j = 0; j < numericWidth; j++) {
      const s = numericSlots[j];
      vNumeric.set(c.v.subarray(s * r, (s + 1) * r), j * r);
      utNumeric.set(ut.subarray(s * r, (s + 1) * r), j * r);
      biasNumeric[j] = c.bias[s];
    }
    return { rank: r, v: c.v, ut, bias: c.bias, vNumeric, utNumeric, biasNumeric };
  });
  const maxRank = Math.max(1, ...cross.map((c) => c.rank));
  const last = params.dense[params.dense.length - 1];
  if (last?.units !== 1) throw new Error('network must end with a one-unit logit layer');
  // The first dense layer reads the active inputs (numeric rows packed, hot rows from the kernel); the
  // layers after it are the tail's.
  const first = {
    ...params.dense[0],
    packed: packRows(params.dense[0].kernel, params.dense[0].units, numericSlots),
    relu: params.dense.length > 1,
  };
  const x0 = new Float64Array(active);
  const x = new Float64Array(active);
  const p = new Float64Array(maxRank);
  const tail = createDenseTail(params);
  const layerOut = tail.input;
  const acc = new Float64Array(4);

  function rowByRow(
    numeric: Float32Array,
    hot: Int32Array,
    start: number,
    end: number,
    out: Float64Array,
    outStart: number,
  ): void {
    for (let row = start; row < end; row++) {
      const n0 = row * numericWidth;
      const h0 = row * blocks;
      for (let j = 0; j < numericWidth; j++) x[j] = numeric[n0 + j];
      for (let b = 0; b < blocks; b++) x[numericWidth + b] = hot[h0 + b] < 0 ? 0 : 1;
      if (cross.length > 0) {
        x0.set(x);
        for (const c of cross) {
          const r = c.rank;
          p.fill(0, 0, r);
          for (let j = 0; j < numericWidth; j++) {
            const v = x[j];
            if (v === 0) continue;
            for (let t = 0, o = j * r; t < r; t++) p[t] += v * c.vNumeric[o + t];
          }
          for (let b = 0; b < blocks; b++) {
            const v = x[numericWidth + b];
            if (v === 0) continue;
            const o = hot[h0 + b] * r;
            for (let t = 0; t < r; t++) p[t] += v * c.v[o + t];
          }
          for (let j = 0; j < numericWidth; j++) {
            let q = c.biasNumeric[j];
            for (let t = 0, o = j * r; t < r; t++) q += c.utNumeric[o + t] * p[t];
            x[j] += x0[j] * q;
          }
          for (let b = 0; b < blocks; b++) {
            const s = hot[h0 + b];
            if (s < 0) continue;
            let q = c.bias[s];
            for (let t = 0, o = s * r; t < r; t++) q += c.ut[o + t] * p[t];
            x[numericWidth + b] += x0[numericWidth + b] * q;
          }
        }
      }
      // First dense layer over the active inputs.
      const units = first.units;
      for (let hb = 0; hb * 4 < units; hb++) {
        blockDot(x, numericWidth, first.packed, hb, acc);
        for (let t = 0; t < 4 && hb * 4 + t < units; t++) {
          const h = hb * 4 + t;
          let a = acc[t] + first.bias[h];
          for (let b = 0; b < blocks; b++) {
            const s = hot[h0 + b];
            if (s >= 0) a += x[numericWidth + b] * first.kernel[s * units + h];
          }
          layerOut[h] = first.relu && a < 0 ? 0 : a;
        }
      }
      out[outStart + row - start] = tail.run();
    }
  }
  // Hoisted first layer (networks without cross layers): scratch per tile.
  const firstBlocks = Math.ceil(first.units / 4);
  const varying = new Int32Array(numericWidth);
  const varyingBlocks = new Int32Array(blocks);
  const isVarying = new Uint8Array(numericWidth);
  const packedVarying = new Float64Array(firstBlocks * numericWidth * 4);
  const base = new Float64Array(firstBlocks * 4);
  const xv = new Float64Array(numericWidth);

  /** Rows [start, end) with the first layer's tile-constant inputs summed once. */
  function hoisted(
    numeric: Float32Array,
    hot: Int32Array,
    start: number,
    end: number,
    out: Float64Array,
    outStart: number,
  ): void {
    const units = first.units;
    const kernel = first.kernel;
    // Which inputs vary over the tile (the first difference ends the scan of a varying one).
    let nv = 0;
    for (let j = 0; j < numericWidth; j++) {
      const v0 = numeric[start * numericWidth + j];
      let k = start + 1;
      for (let o = k * numericWidth + j; k < end; k++, o += numericWidth) if (numeric[o] !== v0) break;
      isVarying[j] = k < end ? 1 : 0;
      if (k < end) varying[nv++] = j;
    }
    let nb = 0;
    base.fill(0);
    for (let h = 0; h < units; h++) base[h] = first.bias[h];
    for (let b = 0; b < blocks; b++) {
      const s0 = hot[start * blocks + b];
      let k = start + 1;
      for (let o = k * blocks + b; k < end; k++, o += blocks) if (hot[o] !== s0) break;
      if (k < end) varyingBlocks[nb++] = b;
      else if (s0 >= 0) for (let h = 0, w = s0 * units; h < units; h++) base[h] += kernel[w + h];
    }
    for (let j = 0; j < numericWidth; j++) {
      if (isVarying[j]) continue;
      const v = numeric[start * numericWidth + j];
      if (v === 0) continue;
      for (let h = 0, w = numericSlots[j] * units; h < units; h++) base[h] += v * kernel[w + h];
    }
    // The varying inputs' weights, packed for this tile.
    for (let hb = 0; hb < firstBlocks; hb++) {
      for (let i = 0; i < nv; i++) {
        const w = numericSlots[varying[i]] * units;
        for (let t = 0; t < 4; t++) {
          const h = hb * 4 + t;
          packedVarying[(hb * nv + i) * 4 + t] = h < units ? kernel[w + h] : 0;
        }
      }
    }
    for (let row = start; row < end; row++) {
      const n0 = row * numericWidth;
      for (let i = 0; i < nv; i++) xv[i] = numeric[n0 + varying[i]];
      for (let hb = 0; hb < firstBlocks; hb++) {
        blockDot(xv, nv, packedVarying, hb, acc);
        for (let t = 0; t < 4 && hb * 4 + t < units; t++) {
          const h = hb * 4 + t;
          let a = acc[t] + base[h];
          for (let vb = 0; vb < nb; vb++) {
            const slot = hot[row * blocks + varyingBlocks[vb]];
            if (slot >= 0) a += kernel[slot * units + h];
          }
          layerOut[h] = first.relu && a < 0 ? 0 : a;
        }
      }
      out[outStart + row - start] = tail.run();
    }
  }

  /** Rows per hoisting tile: long enough to amortise the scan and the packing, short enough to stay in cache. */
  const TILE = 256;

  function logits(
    numeric: Float32Array,
    hot: Int32Array,
    start: number,
    end: number,
    out: Float64Array,
    outStart: number,
  ): void {
    if (cross.length > 0) {
      rowByRow(numeric, hot, start, end, out, outStart);
      return;
    }
    for (let s = start; s < end; s += TILE)
      hoisted(numeric, hot, s, Math.min(s + TILE, end), out, outStart + s - start);
  }

  return { logits };
}

/** The dense layers after the first one: ReLU hidden layers, then the one-unit logit. */
export interface DenseTail {
  /** Where the caller writes the first dense layer's outputs (after its ReLU when it is hidden). */
  readonly input: Float64Array;
  /** Runs the remaining layers on `input`; returns the logit (`input[0]` when the first layer is the logit). */
  run(): number;
}

/** The layers of `params.dense` after the first, with their kernels packed once. */
export function createDenseTail(params: NetworkParams): DenseTail {
  const dense = params.dense.map((d, i) => ({
    ...d,
    packed: packRows(
      d.kernel,
      d.units,
      Int32Array.from({ length: d.inputs }, (_, j) => j),
    ),
    relu: i < params.dense.length - 1,
  }));
  const maxUnits = Math.max(...dense.map((d) => Math.ceil(d.units / 4) * 4));
  const input = new Float64Array(maxUnits);
  const a = new Float64Array(maxUnits);
  const b = new Float64Array(maxUnits);
  const acc = new Float64Array(4);
  return {
    input,
    run() {
      let from = input;
      let to = a;
      for (let i = 1; i < dense.length; i++) {
        const d = dense[i];
        if (d.units === 1) {
          let z = d.bias[0];
          for (let j = 0; j < d.inputs; j++) z += from[j] * d.kernel[j];
          to[0] = z;
        } else {
          for (let hb = 0; hb * 4 < d.units; hb++) {
            blockDot(from, d.inputs, d.packed, hb, acc);
            for (let t = 0; t < 4 && hb * 4 + t < d.units; t++) {
              const v = acc[t] + d.bias[hb * 4 + t];
              to[hb * 4 + t] = d.relu && v < 0 ? 0 : v;
            }
          }
        }
        from = to;
        to = to === a ? b : a;
      }
      return from[0];
    },
  };
}
