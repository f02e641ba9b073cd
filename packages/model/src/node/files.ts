/**
 * Saving and loading rankers as a directory without tfjs-node's file handler: the same four files the
 * browser fetches over HTTP. Saving is atomic at the directory level (all four files or none).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  HISTORY_FILE,
  type LoadOptions,
  loadRankerFromUrl,
  MODEL_FILE,
  type ModelJson,
  PREPROCESSING_FILE,
  parsePreprocessing,
  rankerFromArtifacts,
  rankerToArtifacts,
  WEIGHTS_FILE,
} from '../artifacts.js';
import { parseHistory } from '../history.js';
import type { Ranker } from '../ranker.js';

/** A saved model file that cannot be used as it is (damaged, truncated). */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
  constructor(
    message: string,
    /** The offending file. */
    readonly file: string,
  ) {
    super(message);
  }
}

/** Bytes per weight value by dtype (tfjs's unquantized and quantized encodings). */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * The weight bytes model.json's manifest describes (the sum over its entries of shape size x dtype
 * size), or null when an entry has a variable-size dtype (strings) and the size cannot be known.
 */
export function manifestWeightBytes(modelJson: ModelJson): number | null {
  let total = 0;
  for (const group of modelJson.weightsManifest) {
    for (const entry of group.weights) {
      const size = entry.shape.reduce((n, d) => n * d, 1);
      const bytes = entry.quantization
        ? QUANTIZED_BYTES[entry.quantization.dtype]
        : DTYPE_BYTES[entry.dtype as string];
      if (bytes === undefined) return null;
      total += size * bytes;
    }
  }
  return total;
}

/**
 * Writes `model.json`, `weights.bin`, `preprocessing.json` and `history.json` into `dir`. The files go to a
 * sibling temp directory first, which then replaces `dir`, so a crash never leaves a half-written model.
 */
export async function saveRanker(ranker: Ranker, dir: string): Promise<void> {
  const artifacts = await rankerToArtifacts(ranker);
  const target = path.resolve(dir);
  const stamp = `${process.pid}-${Date.now()}`;
  const temp = `${target}.tmp-${stamp}`;
  const old = `${target}.old-${stamp}`;
  await mkdir(path.dirname(target), { recursive: true });
  await mkdir(temp);
  try {
    await writeFile(path.join(temp, MODEL_FILE), JSON.stringify(artifacts.modelJson));
    await writeFile(path.join(temp, WEIGHTS_FILE), new Uint8Array(artifacts.weights));
    await writeFile(
      path.join(temp, PREPROCESSING_FILE),
      `${JSON.stringify(artifacts.preprocessing, null, 2)}\n`,
    );
    await writeFile(path.join(temp, HISTORY_FILE), `${JSON.stringify(artifacts.history, null, 2)}\n`);
    const hadTarget = await rename(target, old).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(temp, target);
    if (hadTarget) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Loads a ranker saved by `saveRanker` from a directory, or over HTTP when given an http(s) URL.
 * With `expectedSpecs`, fails with a FeatureSchemaError naming the differences from the saved schema.
 */
export async function loadRanker(dirOrUrl: string, options: LoadOptions = {}): Promise<Ranker> {
  if (/^https?:\/\//i.test(dirOrUrl)) return loadRankerFromUrl(dirOrUrl, options);
  const dir = path.resolve(dirOrUrl);
  const readJson = async (name: string): Promise<unknown> => {
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`${file}: invalid JSON (${(error as Error).message})`);
    }
  };
  const modelJson = (await readJson(MODEL_FILE)) as ModelJson;
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(
      `${path.join(dir, MODEL_FILE)}: expected a tfjs layers model with modelTopology and weightsManifest`,
    );
  }
  const parts = await Promise.all(
    modelJson.weightsManifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, p))),
  );
  const weights = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  // A truncated copy would otherwise fail deep in tfjs ("the tensor should have 332 values but has 125").
  const expected = manifestWeightBytes(modelJson);
  if (expected !== null && expected !== weights.length) {
    const files = modelJson.weightsManifest.flatMap((group) => group.paths).map((p) => path.join(dir, p));
    throw new ModelFileError(
      `${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} damaged: ${weights.length} bytes, but ` +
        `${MODEL_FILE} lists ${expected} bytes of weights (retrain, or restore the file)`,
      files[0],
    );
  }
  let offset = 0;
  for (const part of parts) {
    weights.set(part, offset);
    offset += part.length;
  }
  return rankerFromArtifacts(
    {
      modelJson,
      weights: weights.buffer,
      preprocessing: parsePreprocessing(
        await readJson(PREPROCESSING_FILE),
        path.join(dir, PREPROCESSING_FILE),
      ),
      history: parseHistory(await readJson(HISTORY_FILE), path.join(dir, HISTORY_FILE)),
    },
    options,
  );
}
