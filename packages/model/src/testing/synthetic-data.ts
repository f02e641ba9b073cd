/**
 * Seeded synthetic feature frames with a known logistic ground truth, for tests and the benchmark (not
 * exported by the package). Labels follow `sigmoid(bias + sum w_j * (x_j - mean_j) / std_j + categoryWeight)`,
 * so a correct trainer must recover the weights.
 */
import { seededRandom } from '@wemoms/data-schema';
import type { CategoricalColumn, FeatureSpec, LabelledData, NumericColumn } from '../types.js';

export interface SyntheticOptions {
  readonly rows: number;
  readonly seed: number;
  /** True weight per numeric feature (on the standardised scale). */
  readonly numericWeights: readonly number[];
  /** Per categorical feature, its values and their true logit offsets. */
  readonly categories?: readonly { values: readonly string[]; weights: readonly number[] }[];
  readonly bias?: number;
  /** Share of numeric values replaced by NaN (default 0). */
  readonly missingShare?: number;
}

export interface SyntheticData extends LabelledData {
  /** Mean and standard deviation each numeric feature was drawn with. */
  readonly numericMeans: readonly number[];
  readonly numericStds: readonly number[];
}

/** Standard normal draw (Box-Muller) from a uniform source. */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Builds a labelled frame: numeric features `x0..`, categorical `c0..`. */
export function syntheticData(options: SyntheticOptions): SyntheticData {
  const random = seededRandom(options.seed);
  const { rows } = options;
  const categories = options.categories ?? [];
  const specs: FeatureSpec[] = [
    ...options.numericWeights.map((_, j) => ({ name: `x${j}`, type: 'numeric' as const })),
    ...categories.map((_, j) => ({ name: `c${j}`, type: 'categorical' as const })),
  ];
  const logits = new Float64Array(rows).fill(options.bias ?? 0);
  const columns: Record<string, NumericColumn | CategoricalColumn> = {};
  const numericMeans: number[] = [];
  const numericStds: number[] = [];
  options.numericWeights.forEach((weight, j) => {
    const mean = (j % 5) * 10 - 20;
    const std = 1 + (j % 3) * 4;
    numericMeans.push(mean);
    numericStds.push(std);
    const values = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      const z = gaussian(random);
      values[i] = mean + std * z;
      // Missing values hide the feature; the truth then contributes nothing (the mean).
      if (random() < (options.missingShare ?? 0)) values[i] = Number.NaN;
      else logits[i] += weight * z;
    }
    columns[`x${j}`] = values;
  });
  categories.forEach((category, j) => {
    const codes = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const c = Math.floor(random() * category.values.length);
      codes[i] = c;
      logits[i] += category.weights[c];
    }
    columns[`c${j}`] = { codes, dictionary: [...category.values] };
  });
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) labels[i] = random() < 1 / (1 + Math.exp(-logits[i])) ? 1 : 0;
  return { specs, columns, labels, numericMeans, numericStds };
}
