import { describe, expect, it } from 'vitest';
import { activeSlots, compactLogits, compactRows } from './compact-rows.js';
import { encodeFeatures } from './encode.js';
import { fitPreprocessing } from './preprocessing.js';
import { syntheticData } from './testing/synthetic-data.js';
import type { CategoricalColumn } from './types.js';

const VOCAB = [-1, -1, -1, -1, -1, 2, 2];
const truth = {
  numericWeights: [1, -0.5, 0.25, 0, 2],
  categories: [
    { values: ['FR', 'BE', 'CH', 'rare'], weights: [0.3, -0.2, 0.1, 0] },
    { values: ['ios', 'android'], weights: [0.1, 0] },
  ],
  missingShare: 0.2,
};

describe('compactRows', () => {
  it('holds exactly the encoded matrix: numeric inputs as a block, each one-hot block as its hot slot', () => {
    const fitOn = syntheticData({ rows: 300, seed: 1, ...truth });
    const data = syntheticData({ rows: 2_500, seed: 2, ...truth }); // more than one 1,024-row tile
    const country = data.columns.c0 as CategoricalColumn;
    for (let r = 0; r < country.codes.length; r += 7) country.codes[r] = -1;
    const pre = fitPreprocessing(fitOn.specs, fitOn.columns, 'cpu', { minCategoryCount: 76 });
    const compact = compactRows(pre, data.columns);
    const { matrix, width, rows } = encodeFeatures(pre, data.columns);
    expect(compact.rows).toBe(rows);
    const rebuilt = new Float32Array(rows * width);
    const numericWidth = compact.numericSlots.length;
    const blocks = compact.blockStarts.length;
    expect(blocks).toBe(2);
    // Two country values have their slot, two are too rare (the OOV slot); every 7th row is missing.
    expect(pre.features.map((f) => (f.type === 'categorical' ? f.vocabulary.length : -1))).toEqual(VOCAB);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < numericWidth; j++)
        rebuilt[r * width + compact.numericSlots[j]] = compact.numeric[r * numericWidth + j];
      for (let b = 0; b < blocks; b++) rebuilt[r * width + compact.hot[r * blocks + b]] = 1;
    }
    expect(rebuilt).toEqual(matrix);

    const weights = Float32Array.from({ length: width }, (_, s) => Math.sin(s * 3.3));
    const logits = compactLogits(compact, weights, -0.5);
    const active = new Uint8Array(width);
    for (let r = 0; r < rows; r++) {
      let z = -0.5;
      for (let s = 0; s < width; s++) {
        z += weights[s] * matrix[r * width + s];
        if (matrix[r * width + s] !== 0) active[s] = 1;
      }
      expect(Math.abs(z - logits[r])).toBeLessThan(1e-9 * (1 + Math.abs(z)));
    }
    expect(activeSlots(compact, width)).toEqual(active);
  });
});
