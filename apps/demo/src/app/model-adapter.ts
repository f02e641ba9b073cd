import {
  HISTORY_FILE,
  loadRankerFromUrl,
  MODEL_FILE,
  PREPROCESSING_FILE,
  type Ranker,
  selectBrowserBackend,
  WEIGHTS_FILE,
} from '@wemoms/model';
import type { DemoFeatureSpec } from '../format.js';
import { MissingFileError } from './data-source.js';
import type { BackendName, Columns, DemoRanker } from './demo-ranker.js';
import type { Contribution } from './views/top-ten.js';

/**
 * Activates a TensorFlow.js backend (`auto`: webgl, then wasm, then cpu), then loads the saved ranker over
 * HTTP, refusing a model whose feature schema differs from the export's. `wasmPaths` is the URL folder
 * serving tfjs-backend-wasm's .wasm files.
 */
export async function loadDemoRanker(
  modelUrl: string,
  wasmPaths: string,
  specs: readonly DemoFeatureSpec[],
  initial: BackendName | 'auto',
): Promise<{ ranker: DemoRanker; backend: string }> {
  const choice = await selectBrowserBackend(initial, { wasmPaths });
  // A bound fetch: tfjs calls the function it is given as a method of its own object, and the browser's
  // fetch throws "Illegal invocation" unless called on window.
  let model: Ranker;
  try {
    model = await loadRankerFromUrl(modelUrl, {
      expectedSpecs: specs,
      fetch: (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
    });
  } catch (error) {
    // Say which model file is missing rather than how tfjs tripped over its absence.
    for (const file of [MODEL_FILE, WEIGHTS_FILE, PREPROCESSING_FILE, HISTORY_FILE]) {
      const url = new URL(file, modelUrl).href;
      const response = await fetch(url, { method: 'HEAD' }).catch(() => null);
      if (!response?.ok)
        throw new MissingFileError(url, response ? `HTTP ${response.status}` : 'could not be fetched');
    }
    throw error;
  }
  return { ranker: new ModelPackageRanker(model, wasmPaths), backend: choice.backend };
}

class ModelPackageRanker implements DemoRanker {
  constructor(
    private readonly model: Ranker,
    private readonly wasmPaths: string,
  ) {}

  get contributionMethod(): 'exact' | 'occlusion' {
    return this.model.isLinear ? 'exact' : 'occlusion';
  }

  async setBackend(backend: BackendName): Promise<string> {
    return (await selectBrowserBackend(backend, { wasmPaths: this.wasmPaths })).backend;
  }

  async score(columns: Columns): Promise<Float32Array> {
    // Always the TensorFlow.js graph: the model package scores in plain JS by default (the folded linear
    // model, the MLP or cross network forward pass), which would make the backend switch (and the
    // cross-backend check against `wemoms rank`, which scores in JS) moot.
    return this.model.score(columns, { path: 'graph' });
  }

  async contributions(columns: Columns, rows: Int32Array): Promise<Contribution[][]> {
    const c = this.model.contributions(columns, rows);
    const f = c.features.length;
    return Array.from(rows, (_, r) =>
      c.features.map((feature, j) => ({ feature, value: c.values[r * f + j] })),
    );
  }
}
