/**
 * Training: the study's logistic regression (or an MLP) fitted with Adam on binary cross-entropy, one
 * validation pass per epoch, early stopping on validation loss with the best weights restored.
 * A hand-written loop over pre-encoded typed arrays instead of `model.fit`: the same maths, without the
 * per-batch callback and bookkeeping overhead that dominates a model this small.
 */
import * as tf from '@tensorflow/tfjs';
import { rocAuc } from '@wemoms/metrics';
import { activeSlots, type CompactRows, compactLogits, compactRows } from './compact-rows.js';
import { type RankerConfig, resolveConfig } from './config.js';
import { createFeatureEncoder, type FeatureEncoder } from './encode.js';
import { assertSameSchema } from './feature-schema.js';
import { HISTORY_FORMAT, type TrainingHistory } from './history.js';
import { buildNetwork, LOGIT_LAYER, logitModel, zeroUnusedInputs } from './network.js';
import { fitPreprocessing, inputLayout } from './preprocessing.js';
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
  const trainEncoder = createFeatureEncoder(preprocessing, train.columns, {
    allowExtra: true,
    context: 'training data',
  });
  const validEncoder = createFeatureEncoder(preprocessing, validation.columns, {
    allowExtra: true,
    context: 'validation data',
  });
  const trainLabels = checkedLabels(train.labels, trainEncoder.rows, 'training data');
  const validLabels = checkedLabels(validation.labels, validEncoder.rows, 'validation data');
  if (trainEncoder.rows === 0) throw new RangeError('training data: no rows');
  if (validEncoder.rows === 0) throw new RangeError('validation data: no rows (early stopping needs them)');
  const width = trainEncoder.width;
  log(
    `training on ${backend}: ${trainEncoder.rows} rows x ${width} inputs (${train.specs.length} features), ` +
      `validation ${validEncoder.rows} rows, hidden [${resolved.hiddenSizes.join(', ')}], batch ${resolved.batchSize}`,
  );

  const model = buildNetwork(width, resolved.hiddenSizes, resolved.seed);
  const logits = logitModel(model);
  const optimizer = tf.train.adam(resolved.learningRate);
  let step: TrainingStep;
  let validationLogits: () => Float32Array;
  let release = () => {};
  if (resolved.hiddenSizes.length === 0) {
    // Logistic regression: compact rows (numeric block + one hot slot per category), forward and gradient in JS.
    const layout = inputLayout(preprocessing);
    const categorical = preprocessing.features.map((f) => f.type === 'categorical');
    const trainRows = compactRows(trainEncoder, layout, categorical);
    const validRows = compactRows(validEncoder, layout, categorical);
    zeroUnusedInputs(model, activeSlots(trainRows, width));
    step = linearStep(model, optimizer, resolved.l2, trainRows, trainLabels);
    validationLogits = () => {
      const [kernel, bias] = model.getLayer(LOGIT_LAYER).getWeights();
      // Float32 like the model's own output: a logit past float32's range is infinite, as in the graph.
      return Float32Array.from(
        compactLogits(validRows, kernel.dataSync() as Float32Array, bias.dataSync()[0]),
      );
    };
  } else {
    const trainMatrix = encodeAll(trainEncoder);
    zeroUnusedInputs(model, activeInputSlots(trainMatrix, trainEncoder.rows, width));
    step = batchedStep(
      autodiffStep(model, logits, optimizer, resolved.l2),
      trainMatrix,
      width,
      trainLabels,
      resolved.batchSize,
    );
    // The validation matrix goes to the backend once, not every epoch.
    const validX = tf.tensor2d(encodeAll(validEncoder), [validEncoder.rows, width]);
    validationLogits = () => predictLogits(logits, validX);
    release = () => validX.dispose();
  }

  const random = createRandom(resolved.seed);
  const order = new Int32Array(trainEncoder.rows);
  for (let i = 0; i < order.length; i++) order[i] = i;

  const epochs: TrainingHistory['epochs'][number][] = [];
  let best = { epoch: 0, valLoss: Number.POSITIVE_INFINITY, elapsedMs: 0, weights: [] as Float32Array[] };
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= resolved.epochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += resolved.batchSize) {
        lossSum += step(order, start, Math.min(resolved.batchSize, order.length - start));
      }
      const z = validationLogits();
      const record = {
        epoch,
        loss: lossSum / order.length,
        valLoss: binaryCrossEntropy(z, validLabels),
        valAuc: rocAuc(sigmoid(z), validLabels),
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
    release();
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
    trainRows: trainEncoder.rows,
    validationRows: validEncoder.rows,
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

/** Every row of an encoder as one row-major matrix. */
function encodeAll(encoder: FeatureEncoder): Float32Array {
  const matrix = new Float32Array(encoder.rows * encoder.width);
  encoder.encodeRows(0, encoder.rows, matrix);
  return matrix;
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
 * One Adam step over the training rows `order[start .. start + m)`: returns the batch's summed loss (binary
 * cross-entropy + L2 penalty, times the batch size).
 */
export type TrainingStep = (order: Int32Array, start: number, m: number) => number;

/** One Adam step on a batch of encoded rows (an `m x width` tensor, not disposed) and their 0/1 labels. */
export type BatchStep = (x: tf.Tensor2D, y: Float32Array, m: number) => number;

/**
 * The logistic-regression step with its gradient written out: for mean binary cross-entropy on logits
 * z = xW + b, dL/dz = (sigmoid(z) - y) / m, so dL/dW = x^T dL/dz and dL/db = sum(dL/dz). Exactly the
 * gradient autodiff computes (a test checks it). Forward pass, loss and gradient run in float64 JS over the
 * compact rows (a one-hot block is one weight and one gradient entry per row): a step then costs ~100
 * multiply-adds per row and one TensorFlow.js call, Adam's update of the model's variables.
 */
export function linearStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  l2: number,
  data: CompactRows,
  labels: Float32Array,
): TrainingStep {
  const [kernelWeight, biasWeight] = model.getLayer(LOGIT_LAYER).trainableWeights;
  const kernel = kernelWeight.read() as tf.Variable;
  const bias = biasWeight.read() as tf.Variable;
  const width = kernel.shape[0];
  const { numericSlots } = data;
  const numericWidth = numericSlots.length;
  const numericWidth4 = numericWidth - (numericWidth % 4);
  const blocks = data.blockStarts.length;
  // The epoch's rows, laid out in shuffled order when its first step starts: one pass of independent row
  // copies, then every step reads its rows sequentially (random row reads inside a step stall on memory).
  const numeric = new Float32Array(data.numeric.length);
  const hot = new Int32Array(data.hot.length);
  const y = new Float32Array(labels.length);
  const numericWeights = new Float64Array(numericWidth);
  const numericGradient = new Float64Array(numericWidth);
  const slotGradient = new Float64Array(width);
  const gradient = new Float32Array(width);
  return (order, start, m) => {
    if (start === 0) {
      for (let k = 0; k < order.length; k++) {
        const r = order[k];
        numeric.set(data.numeric.subarray(r * numericWidth, (r + 1) * numericWidth), k * numericWidth);
        for (let c = 0; c < blocks; c++) hot[k * blocks + c] = data.hot[r * blocks + c];
        y[k] = labels[r];
      }
    }
    const weights = kernel.dataSync() as Float32Array;
    const b = bias.dataSync()[0];
    for (let j = 0; j < numericWidth; j++) numericWeights[j] = weights[numericSlots[j]];
    numericGradient.fill(0);
    slotGradient.fill(0);
    let loss = 0;
    let biasGradient = 0;
    for (let r = start; r < start + m; r++) {
      const n = r * numericWidth;
      const h = r * blocks;
      // Four partial sums: a single running sum would wait on each add.
      let z0 = b;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let j = 0;
      for (; j < numericWidth4; j += 4) {
        z0 += numeric[n + j] * numericWeights[j];
        z1 += numeric[n + j + 1] * numericWeights[j + 1];
        z2 += numeric[n + j + 2] * numericWeights[j + 2];
        z3 += numeric[n + j + 3] * numericWeights[j + 3];
      }
      for (; j < numericWidth; j++) z0 += numeric[n + j] * numericWeights[j];
      let z = z0 + z1 + (z2 + z3);
      for (let c = 0; c < blocks; c++) z += weights[hot[h + c]];
      const label = y[r];
      loss += Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z)));
      const g = (1 / (1 + Math.exp(-z)) - label) / m;
      biasGradient += g;
      for (let j = 0; j < numericWidth; j++) numericGradient[j] += g * numeric[n + j];
      for (let c = 0; c < blocks; c++) slotGradient[hot[h + c]] += g;
    }
    for (let j = 0; j < numericWidth; j++) slotGradient[numericSlots[j]] += numericGradient[j];
    for (let s = 0; s < width; s++) gradient[s] = slotGradient[s];
    return tf.tidy(() => {
      let kernelGradient = tf.tensor2d(gradient, [width, 1]);
      if (l2 > 0) {
        kernelGradient = tf.add(kernelGradient, tf.mul(kernel, 2 * l2));
        loss += l2 * tf.sum(tf.square(kernel)).dataSync()[0] * m;
      }
      optimizer.applyGradients({ [kernel.name]: kernelGradient, [bias.name]: tf.tensor1d([biasGradient]) });
      return loss;
    });
  };
}

/** A batch step fed by copying the ordered rows of an encoded matrix into a batch tensor. */
function batchedStep(
  inner: BatchStep,
  matrix: Float32Array,
  width: number,
  labels: Float32Array,
  batchSize: number,
): TrainingStep {
  const batchX = new Float32Array(batchSize * width);
  const batchY = new Float32Array(batchSize);
  return (order, start, m) => {
    for (let k = 0; k < m; k++) {
      const row = order[start + k];
      batchX.set(matrix.subarray(row * width, (row + 1) * width), k * width);
      batchY[k] = labels[row];
    }
    const x = tf.tensor2d(batchX.subarray(0, m * width), [m, width]);
    const loss = inner(x, batchY.subarray(0, m), m);
    x.dispose();
    return loss;
  };
}

/** The generic step (MLP): automatic differentiation of the mean sigmoid cross-entropy on the logits. */
export function autodiffStep(
  model: tf.LayersModel,
  logits: tf.LayersModel,
  optimizer: tf.Optimizer,
  l2: number,
): BatchStep {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // Kernels by position (a Dense layer's first weight): weight names get suffixes when names repeat.
  const kernels = model.layers
    .filter((l) => l.getClassName() === 'Dense')
    .map((l) => l.trainableWeights[0].read());
  return (x, y, m) => {
    const cost = tf.tidy(() => {
      const labels = tf.tensor2d(y, [m, 1]);
      return optimizer.minimize(
        () => {
          const z = logits.apply(x, { training: true }) as tf.Tensor;
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

/** Logits of the encoded validation rows (a tensor on the backend), in large batches. */
function predictLogits(logits: tf.LayersModel, matrix: tf.Tensor2D): Float32Array {
  const rows = matrix.shape[0];
  const z = new Float32Array(rows);
  for (let start = 0; start < rows; start += EVAL_BATCH_ROWS) {
    const m = Math.min(EVAL_BATCH_ROWS, rows - start);
    const out = tf.tidy(
      () => logits.apply(m === rows ? matrix : matrix.slice([start, 0], [m, -1])) as tf.Tensor,
    );
    z.set(out.dataSync(), start);
    out.dispose();
  }
  return z;
}

/** Probabilities of logits (float32, as the model outputs them). */
function sigmoid(z: Float32Array): Float32Array {
  const p = new Float32Array(z.length);
  for (let i = 0; i < z.length; i++) p[i] = 1 / (1 + Math.exp(-z[i]));
  return p;
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
