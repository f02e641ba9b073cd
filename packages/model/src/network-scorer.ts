/**
 * Scores raw feature columns with a network in plain JS: a tile of rows at a time, the compact encoder
 * (the training preprocessing, exactly) then the JS forward pass. Equal to the TensorFlow.js graph within
 * float32 rounding (tested at 1e-5 on cpu and wasm), identical on every backend since no backend runs, and
 * several times faster than the graph on the one-hot matrix.
 */
import type { CompactEncoder } from './compact-rows.js';
import { createNetworkForward, type NetworkForward } from './network-forward.js';
import type { NetworkParams } from './network-params.js';

/** Rows per tile: the compact tile (~100 floats a row) and the forward's scratch stay in L1/L2. */
const TILE_ROWS = 256;

export interface NetworkScorer {
  /** Logit of every row of the encoder's columns into `out` (float64, `encoder.rows` long). */
  logits(encoder: CompactEncoder, out: Float64Array): void;
  /** `sigmoid(logit)` of every row into `out`. */
  probabilities(encoder: CompactEncoder, out: Float32Array): void;
}

/** A scorer for `params`' network over compact rows with `numericSlots` and `blocks` one-hot blocks. */
export function createNetworkScorer(
  params: NetworkParams,
  numericSlots: Int32Array,
  blocks: number,
): NetworkScorer {
  const forward: NetworkForward = createNetworkForward(params, numericSlots, blocks);
  const numeric = new Float32Array(TILE_ROWS * numericSlots.length);
  const hot = new Int32Array(TILE_ROWS * blocks);
  const tile = new Float64Array(TILE_ROWS);
  function run(encoder: CompactEncoder, write: (start: number, z: Float64Array, n: number) => void): void {
    for (let start = 0; start < encoder.rows; start += TILE_ROWS) {
      const n = Math.min(TILE_ROWS, encoder.rows - start);
      encoder.encode(start, start + n, numeric, hot);
      forward.logits(numeric, hot, 0, n, tile, 0);
      write(start, tile, n);
    }
  }
  return {
    logits(encoder, out) {
      run(encoder, (start, z, n) => out.set(z.subarray(0, n), start));
    },
    probabilities(encoder, out) {
      run(encoder, (start, z, n) => {
        for (let k = 0; k < n; k++) out[start + k] = 1 / (1 + Math.exp(-z[k]));
      });
    },
  };
}
