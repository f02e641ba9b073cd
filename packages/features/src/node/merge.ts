import type { ParquetColumn } from '@wemoms/data-schema';
import { type RowKeyLog, readParquet, rowKeyParquetColumns, writeParquet } from '@wemoms/data-schema/node';
import { categoryPath } from '../parallel.js';
import { CATEGORY_NAMES, getCategory } from '../registry.js';
import type { FeatureColumn, FeatureSpec } from '../types.js';
import {
  featureColumnFromParquet,
  featureParquetSpec,
  ROW_KEY_COLUMNS,
  rowKeyFromParquet,
} from './frame-parquet.js';
import { rowJoin } from './row-join.js';

export interface MergeOptions {
  /** The de-duplicated log, or only its row-key columns (data-schema's readRowKeyLog). */
  readonly log: RowKeyLog;
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
 * order. Files whose rows are the train + eval rows in the same order (what buildAllCategories writes)
 * are taken as they are; others are permuted into place by their row index. A file whose row key does
 * not cover exactly the requested rows (stale, or built from another log) is an error naming the file
 * and the row, never a silent partial join.
 */
export async function mergeFeatures(options: MergeOptions): Promise<MergeResult> {
  const { log } = options;
  const rows = new Int32Array(options.train.length + options.eval.length);
  rows.set(options.train, 0);
  rows.set(options.eval, options.train.length);
  const join = rowJoin(rows, log.length);
  const split = new Int32Array(rows.length);
  split.fill(1, options.train.length);
  const label = new Uint8Array(rows.length);
  const opened = log.columns.has_been_opened;
  for (let i = 0; i < rows.length; i++) label[i] = opened[rows[i]];

  const names = options.categories ?? CATEGORY_NAMES;
  // All files are read at once: their reads overlap in libuv's threads while this one decodes.
  const tables = await Promise.all(
    names.map((name) =>
      // Only the row key and the category's own columns (not tracker_created_at).
      readParquet(categoryPath(options.interimDir, name), {
        columns: ['row', ...getCategory(name).outputs.map((o) => o.name)],
      }),
    ),
  );
  const features: FeatureSpec[] = [];
  const columns: ParquetColumn[] = [
    ...rowKeyParquetColumns(log, rows),
    { name: 'split', type: 'string', nullable: false, data: { codes: split, dictionary: ['train', 'eval'] } },
    { name: 'label', type: 'boolean', nullable: false, data: label },
  ];
  const seen = new Set(columns.map((c) => c.name));
  for (let t = 0; t < names.length; t++) {
    const path = categoryPath(options.interimDir, names[t]);
    const table = tables[t];
    const fileRows = rowKeyFromParquet(path, table.columns.row);
    if (table.length !== rows.length) {
      throw new Error(
        `${path}: ${table.length} rows, expected ${rows.length} train + eval rows (stale file?)`,
      );
    }
    const permutation = join.permutationOf(fileRows, path);
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
  if (column instanceof Float32Array) {
    const out = new Float32Array(from.length);
    for (let i = 0; i < from.length; i++) out[i] = column[from[i]];
    return out;
  }
  const codes = new Int32Array(from.length);
  for (let i = 0; i < from.length; i++) codes[i] = column.codes[from[i]];
  return { codes, dictionary: column.dictionary };
}
