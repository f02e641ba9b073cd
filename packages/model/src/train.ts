/**
 * Training: the study's logistic regression, an MLP or a DCN-v2 cross network, fitted with Adam on a
 * pointwise (binary cross-entropy), pairwise (RankNet) or listwise (softmax cross-entropy) loss, one
 * validation pass per epoch, early stopping on a validation metric (NDCG@10 over the validation groups by
 * default, or loss / AUC / MAP@10) with the best weights restored.
 * A hand-written loop over compact rows (numeric block + one hot slot per category) instead of `model.fit`:
 * the same maths, without the per-batch tensors and bookkeeping that dominate models this small. Forward
 * pass, loss and gradients run in float64 JS (tests check them against TensorFlow.js autodiff); Adam runs in
 * JS too: for the logistic regression TensorFlow.js's float32 update bit for bit (Float32Adam), for the
 * other networks a float64 one (Adam); tests check both against `tf.train.adam`.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffleInPlace } from '@wemoms/data-schema';
import {
  evaluateGroups,
  evaluateRanking,
  groupOffsetsFromIds,
  informativeGroups,
  rocAuc,
} from '@wemoms/metrics';
import { Adam } from './adam.js';
import { Float32Adam } from './adam-float32.js';
import { activeSlots, type CompactRows, compactLogits, compactRows } from './compact-rows.js';
import { type EpochRecord, type RankerConfig, type ResolvedTrainingConfig, resolveConfig } from './config.js';
import { CrossLayer } from './cross-layer.js';
import { assertSameSchema } from './feature-schema.js';
import { HISTORY_FORMAT, type TrainingHistory } from './history.js';
import { createObjective } from './losses.js';
import { buildNetwork, LOGIT_LAYER, zeroUnusedInputs } from './network.js';
import { createNetworkForward } from './network-forward.js';
import { createNetworkGradient } from './network-gradient.js';
import {
  parameterArrays,
  penalisedArrays,
  readNetworkParams,
  writeNetworkParams,
  zerosLike,
} from './network-params.js';
import { fitPreprocessing } from './preprocessing.js';
import { Ranker } from './ranker.js';
import type { LabelledData } from './types.js';

/**
 * Fits a ranker on `train`, early-stopping on `validation` (same feature schema).
 * Numeric statistics and vocabularies are learned on `train` only. Pairwise and listwise losses need
 * `train.groups`; the ranking early-stopping metrics need `validation.groups`.
 * @returns the ranker holding the best epoch's weights, and the per-epoch history.
 */
export async function trainRanker(
  train: LabelledData,
  validation: LabelledData,
  config: RankerConfig = {},
): Promise<{ ranker: Ranker; history: TrainingHistory }> {
  const resolved = resolveConfig(config, { validationGroups: validation.groups !== undefined });
  const log = config.log ?? (() => {});
  await tf.ready();
  const backend = tf.getBackend();
  const started = performance.now();

  assertSameSchema(train.specs, validation.specs, 'validation data');
  const preprocessing = fitPreprocessing(train.specs, train.columns, backend, resolved);
  const trainRows = compactRows(preprocessing, train.columns, {
    allowUnexpected: true,
    context: 'training data',
  });
  const validRows = compactRows(preprocessing, validation.columns, {
    allowUnexpected: true,
    context: 'validation data',
  });
  const trainLabels = checkedLabels(train.labels, trainRows.rows, 'training data');
  const validLabels = checkedLabels(validation.labels, validRows.rows, 'validation data');
  if (trainRows.rows === 0) throw new RangeError('training data: no rows');
  if (validRows.rows === 0) throw new RangeError('validation data: no rows (early stopping needs them)');
  const width = preprocessing.inputWidth;
  const batches = trainingBatches(train, trainLabels, resolved);
  const validationMetrics = validationRanking(validation, validLabels, resolved);
  log(
    `training ${resolved.type} (${describeShape(resolved)}) with a ${resolved.loss} loss on ${backend}: ` +
      `${trainRows.rows} rows x ${width} inputs (${train.specs.length} features)` +
      `${batches.groups > 0 ? `, ${batches.groups} groups` : ''}; validation ${validRows.rows} rows, ` +
      `${validationMetrics.groups} groups; early stopping on ${resolved.earlyStopping}, batch ${resolved.batchSize}`,
  );

  const model = buildNetwork(width, resolved.hiddenSizes, resolved.seed, {
    layers: resolved.crossLayers,
    rank: resolved.crossRank,
  });
  zeroUnusedInputs(model, activeSlots(trainRows, width));
  const fitter =
    resolved.type === 'logreg' && resolved.loss === 'pointwise'
      ? linearFitter(model, resolved, trainRows, validRows, trainLabels)
      : networkFitter(model, resolved, trainRows, validRows, trainLabels);

  const random = seededRandom(resolved.seed);
  const epochs: EpochRecord[] = [];
  const higherIsBetter = resolved.earlyStopping !== 'loss';
  let best = {
    epoch: 0,
    metric: Number.NaN,
    valLoss: Number.POSITIVE_INFINITY,
    elapsedMs: 0,
    snapshot: null as unknown,
  };
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= resolved.epochs; epoch++) {
      let lossSum = 0;
      let rowsSeen = 0;
      for (const batch of batches.epoch(random)) {
        lossSum += fitter.step(batch.order, batch.start, batch.rows, batch.offsets);
        rowsSeen += batch.rows;
      }
      const z = fitter.validationLogits();
      const ranking = validationMetrics.evaluate(z);
      const record: EpochRecord = {
        epoch,
        loss: lossSum / rowsSeen,
        valLoss: binaryCrossEntropy(z, validLabels),
        valAuc: rocAuc(sigmoid(z), validLabels),
        valNdcg: ranking.ndcg,
        valMap: ranking.map,
        elapsedMs: performance.now() - started,
      };
      epochs.push(record);
      const metric = monitored(record, resolved);
      // Keras EarlyStopping: strictly better than the best so far resets the patience counter.
      const better =
        Number.isFinite(metric) &&
        Number.isFinite(record.valLoss) &&
        (best.epoch === 0 || (higherIsBetter ? metric > best.metric : metric < best.metric));
      if (better) {
        best = {
          epoch,
          metric,
          valLoss: record.valLoss,
          elapsedMs: record.elapsedMs,
          snapshot: fitter.snapshot(),
        };
        sinceBest = 0;
      } else sinceBest++;
      log(
        `epoch ${epoch}/${resolved.epochs} loss ${record.loss.toFixed(5)} valLoss ${record.valLoss.toFixed(5)} ` +
          `valAuc ${record.valAuc.toFixed(4)} valNdcg@${resolved.rankingK} ${record.valNdcg.toFixed(4)} ` +
          `valMap@${resolved.rankingK} ${record.valMap.toFixed(4)} ${record.elapsedMs.toFixed(0)} ms` +
          `${epoch === best.epoch ? ' *' : ''}`,
      );
      await config.onEpochEnd?.(record);
      if (sinceBest >= resolved.patience) break;
    }
  } finally {
    fitter.dispose();
  }
  if (best.epoch === 0) {
    model.dispose();
    throw new RangeError(
      `training diverged: validation loss was never finite in ${epochs.length} epochs (try a lower learningRate)`,
    );
  }
  fitter.restore(best.snapshot);
  const groupNdcg = validationMetrics.eachGroup(fitter.validationLogits());
  const totalMs = performance.now() - started;
  const stoppedEarly = epochs.length < resolved.epochs;
  log(
    `best epoch ${best.epoch} (${resolved.earlyStopping} ${best.metric.toFixed(5)}, valLoss ${best.valLoss.toFixed(5)}) restored` +
      `${stoppedEarly ? `, stopped early after ${epochs.length}` : ''}; ${totalMs.toFixed(0)} ms`,
  );
  const history: TrainingHistory = {
    format: HISTORY_FORMAT,
    epochs,
    bestEpoch: best.epoch,
    bestValLoss: best.valLoss,
    bestMetric: best.metric,
    timeToBestMs: best.elapsedMs,
    totalMs,
    stoppedEarly,
    backend,
    trainRows: trainRows.rows,
    validationRows: validRows.rows,
    trainGroups: batches.groups,
    validationGroups: validationMetrics.groups,
    validationGroupNdcg: Array.from(groupNdcg, (v) => Math.round(v * 1e6) / 1e6),
    parameters: model.countParams(),
    config: resolved,
  };
  return { ranker: new Ranker(model, preprocessing, history), history };
}

function describeShape(config: ResolvedTrainingConfig): string {
  const parts: string[] = [];
  if (config.crossLayers > 0) parts.push(`${config.crossLayers} cross layers of rank ${config.crossRank}`);
  if (config.hiddenSizes.length > 0) parts.push(`hidden [${config.hiddenSizes.join(', ')}]`);
  return parts.length > 0 ? parts.join(' + ') : 'linear';
}

/** The early-stopping metric of an epoch. */
function monitored(record: EpochRecord, config: ResolvedTrainingConfig): number {
  switch (config.earlyStopping) {
    case 'ndcg':
      return record.valNdcg;
    case 'map':
      return record.valMap;
    case 'auc':
      return record.valAuc;
    default:
      return record.valLoss;
  }
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

/** One optimizer step's rows: `order[start .. start + rows)`, cut into groups by `offsets` (CSR, from 0). */
interface Batch {
  readonly order: Int32Array;
  readonly start: number;
  readonly rows: number;
  readonly offsets: Int32Array;
}

/** The batches of an epoch, and how many training groups the loss sees. */
interface TrainingBatches {
  readonly groups: number;
  epoch(random: () => number): Iterable<Batch>;
}

/**
 * Pointwise: the rows shuffled, `batchSize` per step. Pairwise / listwise: the groups shuffled, whole groups
 * per step until a step holds `batchSize` rows; only groups with a positive and a negative, unless a
 * pointwise term is mixed in (then every group: its rows feed the pointwise term).
 */
function trainingBatches(
  train: LabelledData,
  labels: Float32Array,
  config: ResolvedTrainingConfig,
): TrainingBatches {
  const rows = labels.length;
  const batchSize = config.batchSize;
  if (config.loss === 'pointwise') {
    const order = new Int32Array(rows);
    for (let i = 0; i < rows; i++) order[i] = i;
    const offsets = new Int32Array(2);
    return {
      groups: 0,
      *epoch(random) {
        shuffleInPlace(order, random);
        for (let start = 0; start < rows; start += batchSize) {
          const m = Math.min(batchSize, rows - start);
          offsets[1] = m;
          yield { order, start, rows: m, offsets };
        }
      },
    };
  }
  if (!train.groups)
    throw new RangeError(`training data: a ${config.loss} loss needs groups (one group id per row)`);
  if (train.groups.length !== rows)
    throw new RangeError(`training data: ${train.groups.length} group ids for ${rows} rows`);
  const kept = informativeGroups(train.groups, labels);
  // With a pointwise term every group counts; a group with a single class then adds only to that term.
  const every = config.pointwiseWeight > 0 ? groupOffsetsFromIds(train.groups) : null;
  const layout = every ? { offsets: every.offsets, rows: every.permutation } : kept;
  const groupCount = layout.offsets.length - 1;
  if (kept.groups === 0)
    throw new RangeError(
      `training data: no group holds both a positive and a negative (${config.loss} loss)`,
    );
  const groupOrder = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) groupOrder[g] = g;
  const order = new Int32Array(layout.rows.length);
  const offsets = new Int32Array(groupCount + 1);
  return {
    groups: groupCount,
    *epoch(random) {
      shuffleInPlace(groupOrder, random);
      let position = 0;
      let g = 0;
      while (g < groupCount) {
        const start = position;
        let groupsInBatch = 0;
        while (g < groupCount && (position === start || position - start < batchSize)) {
          const group = groupOrder[g++];
          const from = layout.offsets[group];
          const to = layout.offsets[group + 1];
          order.set(layout.rows.subarray(from, to), position);
          position += to - from;
          offsets[++groupsInBatch] = position - start;
        }
        yield { order, start, rows: position - start, offsets: offsets.subarray(0, groupsInBatch + 1) };
      }
    },
  };
}

/** NDCG@k and MAP@k of validation logits over the validation groups with a positive and a negative. */
interface ValidationRanking {
  readonly groups: number;
  evaluate(z: Float32Array): { ndcg: number; map: number };
  /** NDCG@k of each of those groups (for paired comparisons of rankers). */
  eachGroup(z: Float32Array): Float64Array;
}

function validationRanking(
  validation: LabelledData,
  labels: Float32Array,
  config: ResolvedTrainingConfig,
): ValidationRanking {
  const needed = config.earlyStopping === 'ndcg' || config.earlyStopping === 'map';
  if (!validation.groups) {
    if (needed)
      throw new RangeError(
        `validation data: early stopping on ${config.earlyStopping} needs groups (one group id per row)`,
      );
    return {
      groups: 0,
      evaluate: () => ({ ndcg: Number.NaN, map: Number.NaN }),
      eachGroup: () => new Float64Array(0),
    };
  }
  if (validation.groups.length !== labels.length)
    throw new RangeError(`validation data: ${validation.groups.length} group ids for ${labels.length} rows`);
  const kept = informativeGroups(validation.groups, labels);
  if (needed && kept.groups === 0)
    throw new RangeError(
      `validation data: no group holds both a positive and a negative, so ${config.earlyStopping}@${config.rankingK} is undefined (early-stop on loss instead)`,
    );
  const n = kept.rows.length;
  const groupLabels = new Float32Array(n);
  const tieKeys = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const r = kept.rows[j];
    groupLabels[j] = labels[r];
    tieKeys[j] = validation.tieKeys ? validation.tieKeys[r] : r;
  }
  const scores = new Float32Array(n);
  const k = config.rankingK;
  const gather = (z: Float32Array) => {
    for (let j = 0; j < n; j++) scores[j] = z[kept.rows[j]];
    return scores;
  };
  return {
    groups: kept.groups,
    eachGroup: (z) =>
      evaluateGroups({ offsets: kept.offsets, scores: gather(z), labels: groupLabels, tieKeys }, { k }).ndcg,
    evaluate(z) {
      if (kept.groups === 0) return { ndcg: Number.NaN, map: Number.NaN };
      const { metrics } = evaluateRanking(
        { offsets: kept.offsets, scores: gather(z), labels: groupLabels, tieKeys },
        { k, scoresAreProbabilities: false },
      );
      const row = metrics as unknown as Record<string, number>;
      return { ndcg: row[`ndcg@${k}`], map: row[`map@${k}`] };
    },
  };
}

/** What the epoch loop needs from a model being fitted. */
export interface Fitter {
  /** One optimizer step on a batch; returns the batch's summed loss (mean loss x rows). */
  step(order: Int32Array, start: number, rows: number, offsets: Int32Array): number;
  /** Logits of the validation rows with the current weights. */
  validationLogits(): Float32Array;
  /** A copy of the current weights. */
  snapshot(): unknown;
  /** Writes a snapshot's weights into the model. */
  restore(snapshot: unknown): void;
  dispose(): void;
}

/**
 * The study's logistic regression on a pointwise loss: JS gradient, TensorFlow.js's Adam computed in JS
 * (Float32Adam, bit for bit its update) on float32 copies of the weights, which go back to the model at
 * `restore`.
 */
function linearFitter(
  model: tf.LayersModel,
  config: ResolvedTrainingConfig,
  trainRows: CompactRows,
  validRows: CompactRows,
  labels: Float32Array,
): Fitter {
  const weights = linearWeightsOf(model);
  // The backend's epsilon, as tf.train.adam takes it (1e-7 on cpu, wasm and node).
  const adam = new Float32Adam([weights.kernel.length, 1], {
    learningRate: config.learningRate,
    epsilon: tf.backend().epsilon(),
  });
  const step = linearStep(weights, adam, config.l2, trainRows, labels);
  return {
    step: (order, start, rows) => step(order, start, rows),
    validationLogits() {
      // Float32 like the model's own output: a logit past float32's range is infinite, as in the graph.
      return Float32Array.from(compactLogits(validRows, weights.kernel, weights.bias[0]));
    },
    snapshot: () => ({ kernel: weights.kernel.slice(), bias: weights.bias.slice() }),
    restore(snapshot) {
      const saved = snapshot as LinearWeights;
      weights.kernel.set(saved.kernel);
      weights.bias.set(saved.bias);
      writeLinearWeights(model, weights);
    },
    dispose() {},
  };
}

/**
 * Any network (MLP, cross, or the linear model on a ranking loss): forward and backward pass in JS on
 * float64 copies of the weights, the configured objective, L2 on the weight matrices, JS Adam. The weights go
 * back to the TensorFlow.js model once, at `restore`.
 */
export function networkFitter(
  model: tf.LayersModel,
  config: ResolvedTrainingConfig,
  trainRows: CompactRows,
  validRows: CompactRows,
  labels: Float32Array,
): Fitter {
  const params = readNetworkParams(model);
  const gradients = zerosLike(params);
  const arrays = parameterArrays(params);
  const gradientArrays = parameterArrays(gradients);
  const penalised = penalisedArrays(params);
  const adam = new Adam(arrays, { learningRate: config.learningRate });
  const objective = createObjective(config.loss, config.pointwiseWeight);
  const blocks = trainRows.blockStarts.length;
  // Ranking batches hold whole groups: up to a batch plus one group more than batchSize rows.
  let capacity = config.batchSize;
  let network = createNetworkGradient(params, trainRows.numericSlots, blocks, capacity);
  let z = new Float64Array(capacity);
  let dz = new Float64Array(capacity);
  let y = new Float64Array(capacity);
  return {
    step(order, start, rows, offsets) {
      if (rows > capacity) {
        capacity = rows;
        network = createNetworkGradient(params, trainRows.numericSlots, blocks, capacity);
        z = new Float64Array(capacity);
        dz = new Float64Array(capacity);
        y = new Float64Array(capacity);
      }
      network.forward(trainRows, order, start, rows, z);
      for (let k = 0; k < rows; k++) y[k] = labels[order[start + k]];
      let loss = objective(offsets, z, y, dz);
      for (const g of gradientArrays) g.fill(0);
      network.backward(dz, gradients);
      if (config.l2 > 0) {
        arrays.forEach((w, p) => {
          if (!penalised[p]) return;
          const g = gradientArrays[p];
          for (let i = 0; i < w.length; i++) {
            loss += config.l2 * w[i] * w[i];
            g[i] += 2 * config.l2 * w[i];
          }
        });
      }
      adam.step(arrays, gradientArrays);
      return loss * rows;
    },
    validationLogits() {
      const forward = createNetworkForward(params, validRows.numericSlots, blocks);
      const out = new Float64Array(validRows.rows);
      forward.logits(validRows.numeric, validRows.hot, 0, validRows.rows, out, 0);
      return Float32Array.from(out);
    },
    snapshot: () => arrays.map((a) => a.slice()),
    restore(snapshot) {
      const saved = snapshot as Float64Array[];
      arrays.forEach((a, i) => {
        a.set(saved[i]);
      });
      writeNetworkParams(model, params);
    },
    dispose() {},
  };
}

/**
 * One Adam step over the training rows `order[start .. start + m)`: returns the batch's summed loss (binary
 * cross-entropy + L2 penalty, times the batch size).
 */
export type TrainingStep = (order: Int32Array, start: number, m: number) => number;

/** One Adam step on a batch of encoded rows (an `m x width` tensor, not disposed) and their 0/1 labels. */
export type BatchStep = (x: tf.Tensor2D, y: Float32Array, m: number) => number;

/** The logistic regression's weights as float32 arrays: the kernel (one per input slot) and the bias. */
export interface LinearWeights {
  readonly kernel: Float32Array;
  /** One value. */
  readonly bias: Float32Array;
}

/** Copies of the logit layer's kernel and bias (the linear model's only weights). */
export function linearWeightsOf(model: tf.LayersModel): LinearWeights {
  const [kernel, bias] = model.getLayer(LOGIT_LAYER).getWeights();
  return { kernel: kernel.dataSync().slice() as Float32Array, bias: bias.dataSync().slice() as Float32Array };
}

function writeLinearWeights(model: tf.LayersModel, weights: LinearWeights): void {
  const layer = model.getLayer(LOGIT_LAYER);
  const [kernel, bias] = layer.getWeights();
  const tensors = [tf.tensor(weights.kernel, kernel.shape), tf.tensor(weights.bias, bias.shape)];
  layer.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * The logistic-regression step with its gradient written out: for mean binary cross-entropy on logits
 * z = xW + b, dL/dz = (sigmoid(z) - y) / m, so dL/dW = x^T dL/dz and dL/db = sum(dL/dz). Exactly the
 * gradient autodiff computes (a test checks it). Forward pass, loss and gradient run in float64 JS over the
 * compact rows (a one-hot block is one weight and one gradient entry per row), then the float32 gradient
 * (+ L2, as TensorFlow.js computed it) goes through `adam`, which updates `weights` in place: a step costs
 * ~100 multiply-adds per row and no TensorFlow.js call.
 */
export function linearStep(
  weights: LinearWeights,
  adam: Float32Adam,
  l2: number,
  data: CompactRows,
  labels: Float32Array,
): TrainingStep {
  const width = weights.kernel.length;
  const { numericSlots } = data;
  const numericWidth = numericSlots.length;
  const numericWidth4 = numericWidth - (numericWidth % 4);
  const blocks = data.blockStarts.length;
  // Each step reads its rows through `order`, where they are: a row is one contiguous run of numeric values
  // and one of one-hot slots. Laying the whole input out in shuffled order each epoch (a dependent random
  // read and write of every row) cost more than these reads, and a shuffled copy of it would double
  // training's largest array (~5 GB at 7.6M rows).
  const { numeric, hot } = data;
  const numericWeights = new Float64Array(numericWidth);
  const numericGradient = new Float64Array(numericWidth);
  const slotGradient = new Float64Array(width);
  const gradient = new Float32Array(width);
  const rowLoss = (z: number, label: number): number =>
    Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z)));
  // dL/dz of the batch's mean loss for one row.
  const rowGradient = (z: number, label: number, m: number): number => (1 / (1 + Math.exp(-z)) - label) / m;
  // One row's logit (four partial sums: a single running sum would wait on each add).
  const logitOf = (row: number, b: number, kernel: Float32Array): number => {
    const n = row * numericWidth;
    const h = row * blocks;
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
    for (let c = 0; c < blocks; c++) z += kernel[hot[h + c]];
    return z;
  };
  // Adds one row's gradient `g` (its rows are in cache by then: the logit just read them).
  const addGradient = (row: number, g: number): void => {
    const n = row * numericWidth;
    const h = row * blocks;
    for (let k = 0; k < numericWidth; k++) numericGradient[k] += g * numeric[n + k];
    for (let c = 0; c < blocks; c++) slotGradient[hot[h + c]] += g;
  };
  const biasGradient32 = new Float32Array(1);
  const twiceL2 = Math.fround(2 * l2);
  return (order, start, m) => {
    const kernel = weights.kernel;
    const b = weights.bias[0];
    for (let j = 0; j < numericWidth; j++) numericWeights[j] = kernel[numericSlots[j]];
    numericGradient.fill(0);
    slotGradient.fill(0);
    let loss = 0;
    let biasGradient = 0;
    const end = start + m;
    let r = start;
    // Two rows at a time, their loads interleaved: each shuffled row is a cache (and TLB) miss, and one
    // row's long loop kept only its own misses in flight (26 % less time an epoch at 765k rows). Every sum
    // still adds the first row's terms before the second's, so the results are those of one row at a time
    // bit for bit.
    for (; r + 1 < end; r += 2) {
      const rowA = order[r];
      const rowB = order[r + 1];
      const na = rowA * numericWidth;
      const nb = rowB * numericWidth;
      let a0 = b;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = b;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      let j = 0;
      for (; j < numericWidth4; j += 4) {
        a0 += numeric[na + j] * numericWeights[j];
        b0 += numeric[nb + j] * numericWeights[j];
        a1 += numeric[na + j + 1] * numericWeights[j + 1];
        b1 += numeric[nb + j + 1] * numericWeights[j + 1];
        a2 += numeric[na + j + 2] * numericWeights[j + 2];
        b2 += numeric[nb + j + 2] * numericWeights[j + 2];
        a3 += numeric[na + j + 3] * numericWeights[j + 3];
        b3 += numeric[nb + j + 3] * numericWeights[j + 3];
      }
      for (; j < numericWidth; j++) {
        a0 += numeric[na + j] * numericWeights[j];
        b0 += numeric[nb + j] * numericWeights[j];
      }
      let za = a0 + a1 + (a2 + a3);
      let zb = b0 + b1 + (b2 + b3);
      const ha = rowA * blocks;
      const hb = rowB * blocks;
      for (let c = 0; c < blocks; c++) za += kernel[hot[ha + c]];
      for (let c = 0; c < blocks; c++) zb += kernel[hot[hb + c]];
      const labelA = labels[rowA];
      const labelB = labels[rowB];
      loss += rowLoss(za, labelA);
      const ga = rowGradient(za, labelA, m);
      biasGradient += ga;
      loss += rowLoss(zb, labelB);
      const gb = rowGradient(zb, labelB, m);
      biasGradient += gb;
      addGradient(rowA, ga);
      addGradient(rowB, gb);
    }
    if (r < end) {
      // The odd row last, added to the same sums.
      const row = order[r];
      const z = logitOf(row, b, kernel);
      loss += rowLoss(z, labels[row]);
      const g = rowGradient(z, labels[row], m);
      biasGradient += g;
      addGradient(row, g);
    }
    for (let j = 0; j < numericWidth; j++) slotGradient[numericSlots[j]] += numericGradient[j];
    for (let s = 0; s < width; s++) gradient[s] = slotGradient[s];
    if (l2 > 0) {
      // The penalty's gradient as TensorFlow.js's float32 ops computed it (gradient + kernel * 2 l2); its sum
      // of squares (the reported loss only) accumulated in float32, in slot order.
      let squares = 0;
      for (let s = 0; s < width; s++) {
        const w = kernel[s];
        squares = Math.fround(squares + Math.fround(w * w));
        gradient[s] = Math.fround(gradient[s] + Math.fround(w * twiceL2));
      }
      loss += l2 * squares * m;
    }
    biasGradient32[0] = biasGradient;
    adam.step([kernel, weights.bias], [gradient, biasGradient32]);
    return loss;
  };
}

/**
 * The reference step: TensorFlow.js's automatic differentiation of the mean sigmoid cross-entropy on the
 * logits (+ L2 on the weight matrices), with `tf.train.adam`. Tests check the JS steps against it.
 */
export function autodiffStep(
  model: tf.LayersModel,
  logits: tf.LayersModel,
  optimizer: tf.Optimizer,
  l2: number,
): BatchStep {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // Weight matrices by position (a Dense layer's kernel, a cross layer's V and U): weight names get suffixes
  // when names repeat.
  const kernels = model.layers.flatMap((l) =>
    l.getClassName() === 'Dense'
      ? [l.trainableWeights[0].read()]
      : l instanceof CrossLayer
        ? l.trainableWeights.slice(0, 2).map((w) => w.read())
        : [],
  );
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
