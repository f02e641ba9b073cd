/**
 * Feature importance for the report: permutation importance of the trained model on the eval days (the
 * rows early stopping watched, never trained on), within-group AUC over each user's impressions of a day,
 * and the weights of the linear model.
 */
import { utcDay } from '@wemoms/data-schema';
import { gatherRows, groupOffsetsFromIds } from '@wemoms/metrics';
import {
  type FeatureColumns,
  type LinearWeight,
  linearWeights,
  type PermutationImportance,
  permutationImportance,
} from '@wemoms/model';
import { loadRanker } from '@wemoms/model/node';
import { readFeatureFile } from '../io/feature-files.js';

export interface ImportanceReport {
  readonly permutation: PermutationImportance;
  /** Linear model only. */
  readonly weights: { readonly weights: readonly LinearWeight[]; readonly bias: number } | null;
  readonly linear: boolean;
}

/**
 * Loads the model and the eval rows of the merged features, and measures what the model relies on.
 * The backend must be active. `repeats` shuffles per feature, seeded with `seed`.
 */
export async function measureImportance(
  modelDir: string,
  featuresPath: string,
  options: { readonly repeats: number; readonly seed: number },
): Promise<ImportanceReport> {
  const ranker = await loadRanker(modelDir);
  try {
    const file = await readFeatureFile(
      featuresPath,
      ['split', 'label', 'user_id', 'tracker_created_at'],
      ['row', 'trackable_id'],
    );
    const split = file.keys.split as { codes: Int32Array; dictionary: string[] };
    const evalCode = split.dictionary.indexOf('eval');
    const rows: number[] = [];
    for (let i = 0; i < split.codes.length; i++) if (split.codes[i] === evalCode) rows.push(i);
    const index = Int32Array.from(rows);
    const label = file.keys.label as Uint8Array;
    const users = file.keys.user_id as { codes: Int32Array };
    const time = file.keys.tracker_created_at as Float64Array;
    // (gatherRows: typed arrays' `from` with a mapping function costs seconds over 103 columns at 1M rows.)
    const columns: Record<string, FeatureColumns[string]> = {};
    for (const spec of file.frame.specs) {
      const column = file.frame.columns[spec.name];
      columns[spec.name] =
        column instanceof Float32Array
          ? gatherRows(column, index)
          : { codes: gatherRows(column.codes, index), dictionary: column.dictionary };
    }
    // A user's impressions of one eval day form a group (the `impressions` grouping's unit).
    const key = new Float64Array(index.length);
    for (let j = 0; j < index.length; j++) key[j] = users.codes[index[j]] * 100_000 + utcDay(time[index[j]]);
    const layout = groupOffsetsFromIds(key);
    const scoring = { allowUnexpected: true } as const;
    const permutation = permutationImportance(
      (c) => ranker.score(c, scoring),
      { specs: file.frame.specs, columns, labels: gatherRows(label, index) },
      {
        ...options,
        groups: { offsets: layout.offsets, rows: layout.permutation },
        // The linear model rescores one shuffled column per shuffle instead of all 103.
        scoreReplacing: ranker.replacingScorer(columns, scoring),
      },
    );
    return { permutation, weights: linearWeights(ranker), linear: ranker.isLinear };
  } finally {
    ranker.dispose();
  }
}
