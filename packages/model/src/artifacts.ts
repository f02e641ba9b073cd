/**
 * The saved form of a ranker, shared by the Node directory IO and the browser's HTTP loader: `model.json`
 * (tfjs layers format, weights manifest pointing at `weights.bin`, the layout tfjs-node and
 * `tf.loadLayersModel(url)` read), `weights.bin`, `preprocessing.json`, `history.json`.
 */
import * as tf from '@tensorflow/tfjs';
import { registerCustomLayers } from './cross-layer.js';
import { assertSameSchema, FeatureSchemaError, featureSchemaHash } from './feature-schema.js';
import { parseHistory, type TrainingHistory } from './history.js';
import { inputLayout, PREPROCESSING_FORMAT, type Preprocessing } from './preprocessing.js';
import { Ranker } from './ranker.js';
import type { FeatureSpec } from './types.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const PREPROCESSING_FILE = 'preprocessing.json';
export const HISTORY_FILE = 'history.json';

/** model.json as tfjs writes it. */
export interface ModelJson {
  readonly modelTopology: object;
  readonly format: string;
  readonly generatedBy: string;
  readonly convertedBy: string | null;
  readonly weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Everything a saved ranker consists of, in memory. */
export interface RankerArtifacts {
  readonly modelJson: ModelJson;
  readonly weights: ArrayBuffer;
  readonly preprocessing: Preprocessing;
  readonly history: TrainingHistory;
}

export interface LoadOptions {
  /**
   * The feature schema of the data the ranker will score: loading fails with a FeatureSchemaError naming
   * missing, unexpected and retyped features when it differs from the saved one.
   */
  readonly expectedSpecs?: readonly FeatureSpec[];
}

/** Serialises a ranker (topology + weights through a tfjs save handler, no file handler needed). */
export async function rankerToArtifacts(ranker: Ranker): Promise<RankerArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await ranker.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved?.modelTopology || !saved.weightSpecs || saved.weightData === undefined) {
    throw new Error('tfjs save handler returned no topology or weights');
  }
  const weights = tf.io.CompositeArrayBuffer.join(saved.weightData);
  return {
    modelJson: {
      modelTopology: saved.modelTopology as object,
      format: saved.format ?? 'layers-model',
      generatedBy: saved.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: saved.convertedBy ?? null,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: saved.weightSpecs }],
    },
    weights,
    preprocessing: ranker.preprocessing,
    history: ranker.history,
  };
}

/** Rebuilds a ranker from its artifacts (validated: formats, schema hash, input width, expected schema). */
export async function rankerFromArtifacts(
  artifacts: RankerArtifacts,
  options: LoadOptions = {},
): Promise<Ranker> {
  const preprocessing = checkPreprocessing(artifacts.preprocessing, options);
  registerCustomLayers();
  const weightSpecs = artifacts.modelJson.weightsManifest.flatMap((group) => group.weights);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.modelJson.modelTopology,
      weightSpecs,
      weightData: artifacts.weights,
      format: artifacts.modelJson.format,
      generatedBy: artifacts.modelJson.generatedBy,
      convertedBy: artifacts.modelJson.convertedBy,
    }),
  );
  return new Ranker(model, preprocessing, artifacts.history);
}

/**
 * Loads a ranker over HTTP (browser or Node): `tf.loadLayersModel(base/model.json)` reads the topology and
 * weights, `fetch` reads preprocessing.json and history.json.
 * @param baseUrl the directory URL holding the four files.
 */
export async function loadRankerFromUrl(
  baseUrl: string,
  options: LoadOptions & { fetch?: typeof fetch } = {},
): Promise<Ranker> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  // A bare global `fetch` handed to tfjs is called unbound, which browsers reject ("Illegal invocation").
  const fetchFunc: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const getJson = async (name: string): Promise<unknown> => {
    const response = await fetchFunc(base + name);
    if (!response.ok) throw new Error(`${base + name}: HTTP ${response.status} ${response.statusText}`);
    return response.json();
  };
  const preprocessing = parsePreprocessing(await getJson(PREPROCESSING_FILE), base + PREPROCESSING_FILE);
  const history = parseHistory(await getJson(HISTORY_FILE), base + HISTORY_FILE);
  checkPreprocessing(preprocessing, options);
  registerCustomLayers();
  const model = await tf.loadLayersModel(base + MODEL_FILE, { fetchFunc });
  return new Ranker(model, preprocessing, history);
}

/** Validates a parsed preprocessing.json; throws naming the source on a wrong shape or a tampered schema. */
export function parsePreprocessing(json: unknown, source: string): Preprocessing {
  const p = json as Preprocessing;
  if (typeof json !== 'object' || json === null || p.format !== PREPROCESSING_FORMAT) {
    throw new Error(
      `${source}: expected preprocessing with format "${PREPROCESSING_FORMAT}", got ${JSON.stringify(p?.format)}`,
    );
  }
  if (
    !Array.isArray(p.featureSpecs) ||
    !Array.isArray(p.features) ||
    p.features.length !== p.featureSpecs.length
  ) {
    throw new Error(`${source}: featureSpecs and features must be arrays of the same length`);
  }
  return p;
}

function checkPreprocessing(preprocessing: Preprocessing, options: LoadOptions): Preprocessing {
  const hash = featureSchemaHash(preprocessing.featureSpecs);
  if (hash !== preprocessing.schemaHash) {
    throw new FeatureSchemaError(
      `preprocessing.json: schema hash ${preprocessing.schemaHash} does not match its feature specs (${hash}): the file was edited or corrupted`,
    );
  }
  preprocessing.features.forEach((feature, i) => {
    const spec = preprocessing.featureSpecs[i];
    if (feature.name !== spec.name || feature.type !== spec.type) {
      throw new Error(
        `preprocessing.json: features[${i}] is ${feature.name}:${feature.type}, specs say ${spec.name}:${spec.type}`,
      );
    }
  });
  const width = inputLayout(preprocessing).width;
  if (width !== preprocessing.inputWidth) {
    throw new Error(
      `preprocessing.json: its features encode ${width} inputs but inputWidth says ${preprocessing.inputWidth}`,
    );
  }
  if (options.expectedSpecs)
    assertSameSchema(preprocessing.featureSpecs, options.expectedSpecs, 'loaded model');
  return preprocessing;
}
