import type { Contribution } from './views/top-ten.js';

/** The backends the page offers; the model package maps them onto TensorFlow.js. */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Model input columns (the model package's FeatureColumns). */
export type Columns = Readonly<
  Record<
    string,
    | Float32Array
    | Float64Array
    | Int32Array
    | Uint8Array
    | { codes: Int32Array; dictionary: readonly string[] }
  >
>;

/** What the page needs from the trained ranker; `model-adapter.ts` implements it with @wemoms/model. */
export interface DemoRanker {
  /** Switches TensorFlow.js to `backend`; resolves to the backend actually active. */
  setBackend(backend: BackendName): Promise<string>;
  /** One open probability per row. */
  score(columns: Columns): Promise<Float32Array>;
  /** Per-feature additive contributions (logit space) of the given rows, one list per row. */
  contributions(columns: Columns, rows: Int32Array): Promise<Contribution[][]>;
  /**
   * How `contributions` explains a score: `exact` for a linear model (weight x standardised input), `occlusion`
   * for a non-linear one (the logit's drop when the feature's inputs are zeroed).
   */
  readonly contributionMethod: 'exact' | 'occlusion';
}
