/**
 * The network behind a ranker: optional DCN-v2 cross layers on the encoded input (`cross_1..`), then ReLU
 * hidden layers (`hidden_1..`), one linear `logit` unit, then a sigmoid `probability` output. No cross and
 * no hidden layer is the study's logistic regression; hidden layers alone an MLP; cross layers (with or
 * without hidden layers stacked on them) the cross network. The logit is a named layer so training can use
 * the numerically stable sigmoid cross-entropy on logits and explanations can read the logit directly.
 */
import * as tf from '@tensorflow/tfjs';
import { CrossLayer, registerCustomLayers } from './cross-layer.js';

export const INPUT_NAME = 'features';
export const LOGIT_LAYER = 'logit';
export const PROBABILITY_LAYER = 'probability';

/** Cross layers of a network: how many, and the rank of their factorised weights. */
export interface CrossShape {
  readonly layers: number;
  readonly rank: number;
}

/**
 * Builds the network with seeded Glorot-uniform kernels (the Keras default) and zero biases.
 * Hidden layer i's initialiser gets seed `seed + i`, the logit's `seed + hiddenSizes.length`, cross layer l's
 * `seed + 1000 + 2l` (and the next one): TensorFlow.js has no global seed.
 */
export function buildNetwork(
  inputWidth: number,
  hiddenSizes: readonly number[],
  seed: number,
  cross: CrossShape = { layers: 0, rank: 1 },
): tf.LayersModel {
  registerCustomLayers();
  const input = tf.input({ shape: [inputWidth], name: INPUT_NAME, dtype: 'float32' });
  let x: tf.SymbolicTensor = input;
  if (!Number.isInteger(cross.layers) || cross.layers < 0)
    throw new RangeError(`crossLayers must be a non-negative integer, got ${cross.layers}`);
  for (let l = 0; l < cross.layers; l++) {
    x = new CrossLayer({ rank: cross.rank, seed: seed + 1000 + 2 * l, name: `cross_${l + 1}` }).apply([
      input,
      x,
    ]) as tf.SymbolicTensor;
  }
  hiddenSizes.forEach((units, i) => {
    if (!Number.isInteger(units) || units < 1)
      throw new RangeError(`hiddenSizes[${i}] must be a positive integer, got ${units}`);
    x = tf.layers
      .dense({
        units,
        activation: 'relu',
        name: `hidden_${i + 1}`,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        biasInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
  });
  const logit = tf.layers
    .dense({
      units: 1,
      name: LOGIT_LAYER,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + hiddenSizes.length }),
      biasInitializer: 'zeros',
    })
    .apply(x) as tf.SymbolicTensor;
  const probability = tf.layers.activation({ activation: 'sigmoid', name: PROBABILITY_LAYER }).apply(logit);
  return tf.model({ inputs: input, outputs: probability as tf.SymbolicTensor, name: 'wemoms_ranker' });
}

/** A view of `model` that outputs the logit instead of the probability (same weights, no copy). */
export function logitModel(model: tf.LayersModel): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.getLayer(LOGIT_LAYER).output as tf.SymbolicTensor });
}

/** Number of hidden layers of a built or loaded network. */
export function hiddenLayerCount(model: tf.LayersModel): number {
  return model.layers.filter((layer) => layer.name.startsWith('hidden_')).length;
}

/** Number of cross layers of a built or loaded network. */
export function crossLayerCount(model: tf.LayersModel): number {
  return model.layers.filter((layer) => layer instanceof CrossLayer).length;
}

/** The first dense layer's kernel: the one whose rows are the encoded input slots (or the last cross output's). */
export function firstKernel(model: tf.LayersModel): tf.LayerVariable {
  const first = model.layers.find((layer) => layer.name.startsWith('hidden_') || layer.name === LOGIT_LAYER);
  if (!first) throw new Error('network has no dense layer');
  return first.weights[0];
}

/** Zeroes the rows (`axis` 0) or columns (`axis` 1) of a 2-D weight, or the entries of a 1-D one, where `keep` is 0. */
function zeroWhere(weight: tf.LayerVariable, keep: Uint8Array, axis: 0 | 1): void {
  const shape = weight.shape as number[];
  const values = weight.read().dataSync().slice();
  const cols = shape.length === 2 ? shape[1] : 1;
  for (let i = 0; i < values.length; i++) {
    const index = axis === 0 ? Math.floor(i / cols) : i % cols;
    if (!keep[index]) values[i] = 0;
  }
  const zeroed = tf.tensor(values, shape);
  weight.write(zeroed);
  zeroed.dispose();
}

/**
 * Zeroes every weight that reads an input slot never active in training (e.g. an out-of-vocabulary slot when
 * every training value had its own slot): the first dense kernel's row and, for cross layers, the slot's row
 * of V, column of U and bias entry. Their gradient is always zero, so without this an unseen category would
 * add a random initial weight to the score; with it an inactive slot adds nothing (a cross layer then passes
 * its 1 through unchanged to a zero kernel row).
 */
export function zeroUnusedInputs(model: tf.LayersModel, activeSlots: Uint8Array): void {
  zeroWhere(firstKernel(model), activeSlots, 0);
  for (const layer of model.layers) {
    if (!(layer instanceof CrossLayer)) continue;
    const [v, u, bias] = layer.weights;
    zeroWhere(v, activeSlots, 0);
    zeroWhere(u, activeSlots, 1);
    zeroWhere(bias, activeSlots, 0);
  }
}
