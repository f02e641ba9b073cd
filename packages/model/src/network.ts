/**
 * The network behind a ranker: ReLU hidden layers (none = logistic regression), one linear `logit` unit,
 * then a sigmoid `probability` output. The logit is a named layer so training can use the numerically
 * stable sigmoid cross-entropy on logits and explanations can read the logit directly.
 */
import * as tf from '@tensorflow/tfjs';

export const INPUT_NAME = 'features';
export const LOGIT_LAYER = 'logit';
export const PROBABILITY_LAYER = 'probability';

/**
 * Builds the network with seeded Glorot-uniform kernels (the Keras default) and zero biases.
 * Layer i's initialiser gets seed `seed + i`: TensorFlow.js has no global seed.
 */
export function buildNetwork(
  inputWidth: number,
  hiddenSizes: readonly number[],
  seed: number,
): tf.LayersModel {
  const input = tf.input({ shape: [inputWidth], name: INPUT_NAME, dtype: 'float32' });
  let x: tf.SymbolicTensor = input;
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

/** The first dense layer's kernel: the one whose rows are the encoded input slots. */
export function firstKernel(model: tf.LayersModel): tf.LayerVariable {
  const first = model.layers.find((layer) => layer.name.startsWith('hidden_') || layer.name === LOGIT_LAYER);
  if (!first) throw new Error('network has no dense layer');
  return first.weights[0];
}

/**
 * Zeroes the first-layer kernel rows of input slots that are never active in training (e.g. an
 * out-of-vocabulary slot when every training value had its own slot). Their gradient is always zero, so
 * without this an unseen category would add a random initial weight to the score.
 */
export function zeroUnusedInputs(model: tf.LayersModel, activeSlots: Uint8Array): void {
  const kernel = firstKernel(model);
  const [rows, cols] = kernel.shape as [number, number];
  const values = kernel.read().dataSync().slice();
  for (let r = 0; r < rows; r++) {
    if (activeSlots[r]) continue;
    values.fill(0, r * cols, (r + 1) * cols);
  }
  const zeroed = tf.tensor2d(values, [rows, cols]);
  kernel.write(zeroed);
  zeroed.dispose();
}
