import { rowKeyParquetColumns, writeParquet } from '@wemoms/data-schema/node';
import { buildCategoryFrame, queriesFromRows } from '../featurize.js';
import { getCategory } from '../registry.js';
import type { FeatureContext, QueryPoints } from '../types.js';
import { frameParquetColumns } from './frame-parquet.js';

/** What one category build did. */
export interface CategoryBuildResult {
  readonly name: string;
  readonly path: string;
  readonly rows: number;
  readonly columns: number;
  /** Wall time of featurisation and of the parquet write, ms. */
  readonly featurizeMs: number;
  readonly writeMs: number;
}

/** The rows one category is built for. */
export interface CategoryBuildInput {
  readonly context: FeatureContext;
  /** Log rows (train + eval rows). */
  readonly rows: Int32Array;
  /**
   * `queriesFromRows(context.log, rows)`, when the caller builds several categories over the same rows:
   * categories reading the same as-of rows (user, extra; post, extra) then compute them once.
   */
  readonly queries?: QueryPoints;
}

/**
 * Builds one category for log rows (train + eval rows: each queried at its own user, post and time) and
 * writes `<outPath>` (data/interim/<name>.parquet), keyed by row index, user_id, trackable_id and
 * tracker_created_at. Atomic: the file appears complete or not at all.
 */
export function buildCategory(name: string, input: CategoryBuildInput, outPath: string): CategoryBuildResult {
  const category = getCategory(name);
  const { log } = input.context;
  const start = performance.now();
  const queries = input.queries ?? queriesFromRows(log, input.rows);
  const frame = buildCategoryFrame(category, input.context, queries);
  const featurized = performance.now();
  // Uncompressed: an interim file is read once, by the merge, and snappy on its row key and time columns
  // cost more CPU than the whole write of its features (which are float columns, uncompressed anyway).
  writeParquet(
    outPath,
    [...rowKeyParquetColumns(log, input.rows, { ids: false }), ...frameParquetColumns(frame)],
    {
      codec: 'UNCOMPRESSED',
      metadata: { 'wemoms.features.category': name },
    },
  );
  return {
    name,
    path: outPath,
    rows: input.rows.length,
    columns: frame.specs.length,
    featurizeMs: featurized - start,
    writeMs: performance.now() - featurized,
  };
}
