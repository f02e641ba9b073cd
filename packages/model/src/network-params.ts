/**
 * A network's weights as plain float64 arrays, in TensorFlow.js's own layouts (dense kernel `inputs x units`,
 * cross V `width x rank`, U `rank x width`), read from and written back to the tfjs model. The plain-JS
 * training step and scorer work on these; the tfjs model stays the saved, loadable form.
 */
import * as tf from '@tensorflow/tfjs';
import { CrossLayer } from './cross-layer.js';
import { LOGIT_LAYER } from './network.js';

export interface CrossParams {
  readonly rank: number;
  /** `width x rank`, row-major. */
  readonly v: Float64Array;
  /** `rank x width`, row-major. */
  readonly u: Float64Array;
  /** `width`. */
  readonly bias: Float64Array;
}

export interface DenseParams {
  readonly inputs: number;
  readonly units: number;
  /** `inputs x units`, row-major. */
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
}

export interface NetworkParams {
  /** Encoded input width. */
  readonly width: number;
  /** Cross layers, input first. */
  readonly cross: readonly CrossParams[];
  /** Hidden layers (ReLU) then the logit layer (one unit, linear). */
  readonly dense: readonly DenseParams[];
}

function denseLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((l) => l.name.startsWith('hidden_') || l.name === LOGIT_LAYER);
}

/** Copies the model's weights into float64 arrays. */
export function readNetworkParams(model: tf.LayersModel): NetworkParams {
  const width = model.inputs[0].shape[1] as number;
  const cross = model.layers
    .filter((l): l is CrossLayer => l instanceof CrossLayer)
    .map((layer) => {
      const [v, u, bias] = layer.getWeights().map((w) => Float64Array.from(w.dataSync()));
      return { rank: layer.rank, v, u, bias };
    });
  const dense = denseLayers(model).map((layer) => {
    const [kernel, bias] = layer.getWeights();
    const [inputs, units] = kernel.shape as [number, number];
    return {
      inputs,
      units,
      kernel: Float64Array.from(kernel.dataSync()),
      bias: Float64Array.from(bias.dataSync()),
    };
  });
  return { width, cross, dense };
}

/** Every parameter array, in a fixed order (cross V, U, bias per layer, then kernel, bias per dense layer). */
export function parameterArrays(params: NetworkParams): Float64Array[] {
  return [
    ...params.cross.flatMap((c) => [c.v, c.u, c.bias]),
    ...params.dense.flatMap((d) => [d.kernel, d.bias]),
  ];
}

/** Which of `parameterArrays` are weight matrices (L2-penalised), not biases. */
export function penalisedArrays(params: NetworkParams): boolean[] {
  return [...params.cross.flatMap(() => [true, true, false]), ...params.dense.flatMap(() => [true, false])];
}

/** Zero-filled arrays of the same shapes (gradients). */
export function zerosLike(params: NetworkParams): NetworkParams {
  return {
    width: params.width,
    cross: params.cross.map((c) => ({
      rank: c.rank,
      v: new Float64Array(c.v.length),
      u: new Float64Array(c.u.length),
      bias: new Float64Array(c.bias.length),
    })),
    dense: params.dense.map((d) => ({
      inputs: d.inputs,
      units: d.units,
      kernel: new Float64Array(d.kernel.length),
      bias: new Float64Array(d.bias.length),
    })),
  };
}

/** Writes `params` into the model's weights (as float32). */
export function writeNetworkParams(model: tf.LayersModel, params: NetworkParams): void {
  const arrays = parameterArrays(params);
  const layers = [
    ...model.layers.filter((l): l is CrossLayer => l instanceof CrossLayer),
    ...denseLayers(model),
  ];
  let k = 0;
  for (const layer of layers) {
    const tensors = layer.getWeights().map((w) => {
      const source = arrays[k++];
      if (source.length !== w.size)
        throw new Error(`layer ${layer.name}: ${source.length} values for a weight of shape [${w.shape}]`);
      return tf.tensor(Float32Array.from(source), w.shape);
    });
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}
