import { type ParquetColumn, type RawTable, readParquet, writeParquet } from '@wemoms/data-schema';
import { categoryPath } from '../parallel.js';
import { CATEGORY_NAMES, getCategory } from '../registry.js';
import type { FeatureColumn, FeatureSpec } from '../types.js';
import {
  featureColumnFromParquet,
  featureParquetSpec,
  ROW_KEY_COLUMNS,
  rowKeyParquetColumns,
} from './frameParquet.js';

export interface MergeOptions {
  readonly log: RawTable;
  /** Train and eval rows (log row indices), as dataset's split gives them. */
  readonly train: Int32Array;
  readonly eval: Int32Array;
  /** Directory holding `<category>.parquet` files (data/interim). */
  readonly interimDir: string;
  /** Output file (data/processed/features.parquet). */
  readonly outPath: string;
  readonly categories?: readonly string[];
}

export interface MergeResult {
  readonly path: string;
  readonly rows: number;
  readonly features: readonly FeatureSpec[];
}

/**
 * Joins the per-category files on their row key into one file of train + eval rows: row, user_id,
 * trackable_id, tracker_created_at, split ('train' | 'eval'), label, then every feature in category
 * order. A file whose row key does not cover exactly the requested rows (stale, or built from another
 * log) is an error naming the file and the row, never a silent partial join.
 */
export async function mergeFeatures(options: MergeOptions): Promise<MergeResult> {
  const { log } = options;
  const rows = new Int32Array(options.train.length + options.eval.length);
  rows.set(options.train, 0);
  rows.set(options.eval, options.train.length);
  const split = new Int32Array(rows.length);
  split.fill(1, options.train.length);
  // Row index -> output position; -1 = not requested.
  const position = new Int32Array(log.length).fill(-1);
  for (let i = 0; i < rows.length; i++) {
    if (!(rows[i] >= 0 && rows[i] < log.length))
      throw new RangeError(`mergeFeatures: row ${rows[i]} is outside the log`);
    if (position[rows[i]] !== -1)
      throw new Error(`mergeFeatures: row ${rows[i]} is both in train/eval twice`);
    position[rows[i]] = i;
  }
  const label = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) label[i] = log.columns.has_been_opened[rows[i]];

  const features: FeatureSpec[] = [];
  const columns: ParquetColumn[] = [
    ...rowKeyParquetColumns(log, rows),
    { name: 'split', type: 'string', nullable: false, data: { codes: split, dictionary: ['train', 'eval'] } },
    { name: 'label', type: 'boolean', nullable: false, data: label },
  ];
  const seen = new Set(columns.map((c) => c.name));
  for (const name of options.categories ?? CATEGORY_NAMES) {
    const path = categoryPath(options.interimDir, name);
    // Only the row key and the category's own columns (not tracker_created_at).
    const table = await readParquet(path, {
      columns: ['row', ...getCategory(name).outputs.map((o) => o.name)],
    });
    const fileRows = table.columns.row;
    if (!(fileRows instanceof Int32Array)) throw new Error(`${path}: no required int32 column row`);
    if (table.length !== rows.length) {
      throw new Error(
        `${path}: ${table.length} rows, expected ${rows.length} train + eval rows (stale file?)`,
      );
    }
    // Aligned files (the usual case: built from the same rows) are taken as they are; otherwise rows are
    // permuted into place by the row index.
    let aligned = true;
    for (let i = 0; i < rows.length && aligned; i++) aligned = fileRows[i] === rows[i];
    let permutation: Int32Array | null = null;
    if (!aligned) {
      permutation = new Int32Array(rows.length).fill(-1);
      for (let i = 0; i < rows.length; i++) {
        const r = fileRows[i];
        const at = r >= 0 && r < log.length ? position[r] : -1;
        if (at === -1 || permutation[at] !== -1) {
          throw new Error(`${path}: line ${i + 1}: row ${r} is not a (distinct) train/eval row`);
        }
        permutation[at] = i;
      }
    }
    for (const spec of table.specs) {
      if ((ROW_KEY_COLUMNS as readonly string[]).includes(spec.name)) continue;
      if (seen.has(spec.name))
        throw new Error(`${path}: feature ${spec.name} also comes from another category`);
      seen.add(spec.name);
      let column: FeatureColumn = featureColumnFromParquet(path, spec.name, table.columns[spec.name]);
      if (permutation !== null) column = permute(column, permutation);
      const featureSpec: FeatureSpec = {
        name: spec.name,
        type: column instanceof Float32Array ? 'numeric' : 'categorical',
      };
      features.push(featureSpec);
      columns.push({ ...featureParquetSpec(featureSpec), data: column });
    }
  }
  writeParquet(options.outPath, columns, { metadata: { 'wemoms.features': 'train+eval' } });
  return { path: options.outPath, rows: rows.length, features };
}

function permute(column: FeatureColumn, from: Int32Array): FeatureColumn {
  if (column instanceof Float32Array) return Float32Array.from(from, (i) => column[i]);
  return { codes: Int32Array.from(from, (i) => column.codes[i]), dictionary: column.dictionary };
}
