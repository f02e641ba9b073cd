/**
 * Training: the study's logistic regression (or an MLP) fitted with Adam on binary cross-entropy, one
 * validation pass per epoch, early stopping on validation loss with the best weights restored.
 * A hand-written loop over pre-encoded typed arrays instead of `model.fit`: the same maths, without the
 * per-batch callback and bookkeeping overhead that dominates a model this small.
 */
import * as tf from '@tensorflow/tfjs';
import { rocAuc } from '@wemoms/metrics';
import { type RankerConfig, resolveConfig } from './config.js';
import { encodeFeatures } from './encode.js';
import { assertSameSchema } from './feature-schema.js';
import { HISTORY_FORMAT, type TrainingHistory } from './history.js';
import { buildNetwork, LOGIT_LAYER, logitModel, zeroUnusedInputs } from './network.js';
import { fitPreprocessing } from './preprocessing.js';
import { createRandom, shuffleInPlace } from './random.js';
import { Ranker } from './ranker.js';
import type { LabelledData } from './types.js';

/** Rows per forward pass when evaluating the validation set. */
const EVAL_BATCH_ROWS = 16_384;

/**
 * Fits a ranker on `train`, early-stopping on `validation` (same feature schema).
 * Numeric statistics and vocabularies are learned on `train` only.
 * @returns the ranker holding the best epoch's weights, and the per-epoch history.
 */
export async function trainRanker(
  train: LabelledData,
  validation: LabelledData,
  config: RankerConfig = {},
): Promise<{ ranker: Ranker; history: TrainingHistory }> {
  const resolved = resolveConfig(config);
  const log = config.log ?? (() => {});
  await tf.ready();
  const backend = tf.getBackend();
  const started = performance.now();

  assertSameSchema(train.specs, validation.specs, 'validation data');
  const preprocessing = fitPreprocessing(train.specs, train.columns, backend, resolved);
  const trainSet = encodeFeatures(preprocessing, train.columns, {
    allowExtra: true,
    context: 'training data',
  });
  const validSet = encodeFeatures(preprocessing, validation.columns, {
    allowExtra: true,
    context: 'validation data',
  });
  const trainLabels = checkedLabels(train.labels, trainSet.rows, 'training data');
  const validLabels = checkedLabels(validation.labels, validSet.rows, 'validation data');
  if (trainSet.rows === 0) throw new RangeError('training data: no rows');
  if (validSet.rows === 0) throw new RangeError('validation data: no rows (early stopping needs them)');
  const width = trainSet.width;
  log(
    `training on ${backend}: ${trainSet.rows} rows x ${width} inputs (${train.specs.length} features), ` +
      `validation ${validSet.rows} rows, hidden [${resolved.hiddenSizes.join(', ')}], batch ${resolved.batchSize}`,
  );

  const model = buildNetwork(width, resolved.hiddenSizes, resolved.seed);
  zeroUnusedInputs(model, activeInputSlots(trainSet.matrix, trainSet.rows, width));
  const logits = logitModel(model);
  const optimizer = tf.train.adam(resolved.learningRate);
  const step =
    resolved.hiddenSizes.length === 0
      ? linearStep(model, optimizer, resolved.l2, width)
      : autodiffStep(model, logits, optimizer, resolved.l2, width);

  const random = createRandom(resolved.seed);
  const order = new Int32Array(trainSet.rows);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const batchX = new Float32Array(resolved.batchSize * width);
  const batchY = new Float32Array(resolved.batchSize);

  const epochs: TrainingHistory['epochs'][number][] = [];
  let best = { epoch: 0, valLoss: Number.POSITIVE_INFINITY, elapsedMs: 0, weights: [] as Float32Array[] };
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= resolved.epochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += resolved.batchSize) {
        const m = Math.min(resolved.batchSize, order.length - start);
        for (let k = 0; k < m; k++) {
          const row = order[start + k];
          batchX.set(trainSet.matrix.subarray(row * width, (row + 1) * width), k * width);
          batchY[k] = trainLabels[row];
        }
        lossSum += step(batchX.subarray(0, m * width), batchY.subarray(0, m), m);
      }
      const probabilities = predictProbabilities(logits, validSet.matrix, validSet.rows, width);
      const record = {
        epoch,
        loss: lossSum / order.length,
        valLoss: binaryCrossEntropy(probabilities.logits, validLabels),
        valAuc: rocAuc(probabilities.probabilities, validLabels),
        elapsedMs: performance.now() - started,
      };
      epochs.push(record);
      // Keras EarlyStopping: strictly better than the best so far resets the patience counter.
      if (record.valLoss < best.valLoss) {
        best = { epoch, valLoss: record.valLoss, elapsedMs: record.elapsedMs, weights: readWeights(model) };
        sinceBest = 0;
      } else sinceBest++;
      log(
        `epoch ${epoch}/${resolved.epochs} loss ${record.loss.toFixed(5)} valLoss ${record.valLoss.toFixed(5)} ` +
          `valAuc ${record.valAuc.toFixed(4)} ${record.elapsedMs.toFixed(0)} ms${epoch === best.epoch ? ' *' : ''}`,
      );
      await config.onEpochEnd?.(record);
      if (sinceBest >= resolved.patience) break;
    }
  } finally {
    optimizer.dispose();
  }
  if (best.epoch === 0) {
    model.dispose();
    throw new RangeError(
      `training diverged: validation loss was never finite in ${epochs.length} epochs (try a lower learningRate)`,
    );
  }
  writeWeights(model, best.weights);
  const totalMs = performance.now() - started;
  const stoppedEarly = epochs.length < resolved.epochs;
  log(
    `best epoch ${best.epoch} (valLoss ${best.valLoss.toFixed(5)}) restored` +
      `${stoppedEarly ? `, stopped early after ${epochs.length}` : ''}; ${totalMs.toFixed(0)} ms`,
  );
  const history: TrainingHistory = {
    format: HISTORY_FORMAT,
    epochs,
    bestEpoch: best.epoch,
    bestValLoss: best.valLoss,
    timeToBestMs: best.elapsedMs,
    totalMs,
    stoppedEarly,
    backend,
    trainRows: trainSet.rows,
    validationRows: validSet.rows,
    config: resolved,
  };
  return { ranker: new Ranker(model, preprocessing, history), history };
}

function checkedLabels(labels: ArrayLike<number>, rows: number, context: string): Float32Array {
  if (labels.length !== rows) throw new RangeError(`${context}: ${labels.length} labels for ${rows} rows`);
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`${context}: label at row ${i} must be 0 or 1, got ${y}`);
    out[i] = y;
  }
  return out;
}

/** 1 for every input slot that is non-zero on at least one training row. */
function activeInputSlots(matrix: Float32Array, rows: number, width: number): Uint8Array {
  const active = new Uint8Array(width);
  for (let r = 0, o = 0; r < rows; r++) {
    for (let s = 0; s < width; s++, o++) if (matrix[o] !== 0) active[s] = 1;
  }
  return active;
}

/**
 * One Adam step: takes the batch's encoded rows and 0/1 labels, returns the batch's summed loss
 * (binary cross-entropy + L2 penalty, times the batch size).
 */
export type TrainingStep = (x: Float32Array, y: Float32Array, m: number) => number;

/**
 * The logistic-regression step with its gradient written out: for mean binary cross-entropy on logits
 * z = xW + b, dL/dz = (sigmoid(z) - y) / m, so dL/dW = x^T dL/dz and dL/db = sum(dL/dz). Exactly the
 * gradient autodiff computes (a test checks it), in about a fifth of the TensorFlow.js ops, which is what a
 * step of a model this small costs. Loss and dL/dz are computed in float64 JS from the logits.
 */
export function linearStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  l2: number,
  width: number,
): TrainingStep {
  const [kernelWeight, biasWeight] = model.getLayer(LOGIT_LAYER).trainableWeights;
  const kernel = kernelWeight.read() as tf.Variable;
  const bias = biasWeight.read() as tf.Variable;
  let dz = new Float32Array(0);
  return (x, y, m) => {
    if (dz.length < m) dz = new Float32Array(m);
    return tf.tidy(() => {
      const input = tf.tensor2d(x, [m, width]);
      const z = tf.add(tf.matMul(input, kernel), bias).dataSync();
      let loss = 0;
      let biasGradient = 0;
      for (let i = 0; i < m; i++) {
        const zi = z[i];
        const yi = y[i];
        loss += Math.max(zi, 0) - zi * yi + Math.log1p(Math.exp(-Math.abs(zi)));
        const g = (1 / (1 + Math.exp(-zi)) - yi) / m;
        dz[i] = g;
        biasGradient += g;
      }
      let kernelGradient = tf.matMul(input, tf.tensor2d(dz.subarray(0, m), [m, 1]), true, false);
      if (l2 > 0) {
        kernelGradient = tf.add(kernelGradient, tf.mul(kernel, 2 * l2));
        loss += l2 * tf.sum(tf.square(kernel)).dataSync()[0] * m;
      }
      optimizer.applyGradients({ [kernel.name]: kernelGradient, [bias.name]: tf.tensor1d([biasGradient]) });
      return loss;
    });
  };
}

/** The generic step (MLP): automatic differentiation of the mean sigmoid cross-entropy on the logits. */
export function autodiffStep(
  model: tf.LayersModel,
  logits: tf.LayersModel,
  optimizer: tf.Optimizer,
  l2: number,
  width: number,
): TrainingStep {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // Kernels by position (a Dense layer's first weight): weight names get suffixes when names repeat.
  const kernels = model.layers
    .filter((l) => l.getClassName() === 'Dense')
    .map((l) => l.trainableWeights[0].read());
  return (x, y, m) => {
    const cost = tf.tidy(() => {
      const input = tf.tensor2d(x, [m, width]);
      const labels = tf.tensor2d(y, [m, 1]);
      return optimizer.minimize(
        () => {
          const z = logits.apply(input, { training: true }) as tf.Tensor;
          const bce = tf.losses.sigmoidCrossEntropy(labels, z);
          return (l2 > 0 ? bce.add(l2Penalty(kernels, l2)) : bce) as tf.Scalar;
        },
        true,
        variables,
      ) as tf.Scalar;
    });
    const value = cost.dataSync()[0] * m;
    cost.dispose();
    return value;
  };
}

function l2Penalty(kernels: tf.Tensor[], l2: number): tf.Scalar {
  return tf.mul(tf.addN(kernels.map((k) => tf.sum(tf.square(k)))), l2) as tf.Scalar;
}

/** Forward pass over an encoded matrix in large batches: logits and probabilities as Float32Arrays. */
function predictProbabilities(
  logits: tf.LayersModel,
  matrix: Float32Array,
  rows: number,
  width: number,
): { logits: Float32Array; probabilities: Float32Array } {
  const z = new Float32Array(rows);
  for (let start = 0; start < rows; start += EVAL_BATCH_ROWS) {
    const m = Math.min(EVAL_BATCH_ROWS, rows - start);
    const out = tf.tidy(
      () =>
        logits.apply(
          tf.tensor2d(matrix.subarray(start * width, (start + m) * width), [m, width]),
        ) as tf.Tensor,
    );
    z.set(out.dataSync(), start);
    out.dispose();
  }
  const p = new Float32Array(rows);
  for (let i = 0; i < rows; i++) p[i] = 1 / (1 + Math.exp(-z[i]));
  return { logits: z, probabilities: p };
}

/** Mean binary cross-entropy from logits, in float64, in the overflow-safe form. */
function binaryCrossEntropy(logits: Float32Array, labels: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i];
    sum += Math.max(z, 0) - z * labels[i] + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return sum / logits.length;
}

function readWeights(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
}

function writeWeights(model: tf.LayersModel, values: Float32Array[]): void {
  const tensors = model.getWeights().map((w, i) => tf.tensor(values[i], w.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
