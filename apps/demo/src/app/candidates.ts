import { assembleColumns, type PageColumn } from '../column-layout.js';
import {
  AUTHOR_DAYS_COLUMN,
  AUTHOR_ROW_COLUMN,
  type DemoManifest,
  type DemoUser,
  EXPORT_ID_METADATA,
} from '../format.js';
import { encodeDictionary, type ParquetColumnData } from '../lib/parquet-columns.js';
import type { DataSource } from './data-source.js';
import type { Columns } from './demo-ranker.js';
import type { CandidateAuthors } from './what-if.js';

/** The day's candidate posts, shared by every user: ids, tie-break keys and the raw author fields. */
export interface PostTable {
  readonly length: number;
  readonly ids: string[];
  /** Rank of each id in ascending string order (data-schema's dictionaryRank, computed by the export). */
  readonly tieKeys: Int32Array;
  /** The remaining posts.parquet columns: the model inputs every user shares (manifest layout.shared). */
  readonly columns: Record<string, ParquetColumnData>;
}

export const POST_ID_COLUMN = 'trackable_id';
export const TIE_KEY_COLUMN = 'tie_key';

export async function loadPostTable(source: DataSource): Promise<PostTable> {
  const { length, columns } = await source.posts();
  const { [POST_ID_COLUMN]: ids, [TIE_KEY_COLUMN]: tieKeys, ...rest } = columns;
  if (!Array.isArray(ids) || !(tieKeys instanceof Int32Array))
    throw new Error(
      `posts.parquet: expected a string ${POST_ID_COLUMN} and an INT32 ${TIE_KEY_COLUMN} column`,
    );
  return { length, ids: ids.map((id) => id ?? ''), tieKeys, columns: rest };
}

/** One user's candidates: the model inputs and, per row, where its author's fields are. */
export interface UserCandidates {
  readonly columns: Columns;
  readonly authors: CandidateAuthors;
}

/** What every user's candidates are rebuilt from: the layout, the shared and the per-user constant columns. */
export interface ExportColumns {
  readonly manifest: Pick<DemoManifest, 'layout' | 'createdAt' | 'featureSpecs'>;
  readonly posts: PostTable;
  /** user-features.parquet: row i = user i's constants. */
  readonly userFeatures: Readonly<Record<string, PageColumn>>;
}

/**
 * Reads one user's candidate file and rebuilds her full model input columns from it, the columns every
 * user shares (posts.parquet) and her constants (user-features.parquet): bit for bit what the featuriser
 * gave. Rows are in posts.parquet order; a file from another export is refused rather than scored
 * against the wrong posts.
 */
export async function loadUserCandidates(
  source: DataSource,
  user: DemoUser,
  from: ExportColumns,
): Promise<UserCandidates> {
  const { manifest, posts } = from;
  const own = await source.candidates(user);
  if (own.length !== posts.length || own.metadata[EXPORT_ID_METADATA] !== manifest.createdAt)
    throw new Error(`candidates of ${user.userId}: the file is not part of this export (re-run the export)`);
  const all = assembleColumns(
    manifest.layout,
    posts.length,
    own.columns,
    posts.columns,
    from.userFeatures,
    user.file,
  );
  const out: Record<string, Columns[string]> = {};
  for (const spec of manifest.featureSpecs) {
    const column = all[spec.name];
    if (column === undefined)
      throw new Error(`candidates of ${user.userId}: missing feature column ${spec.name}`);
    if (spec.type === 'categorical') {
      if (!Array.isArray(column))
        throw new Error(`candidates of ${user.userId}: ${spec.name} should hold strings`);
      out[spec.name] = encodeDictionary(column);
    } else {
      if (Array.isArray(column))
        throw new Error(`candidates of ${user.userId}: ${spec.name} should be numeric`);
      out[spec.name] = column;
    }
  }
  const row = all[AUTHOR_ROW_COLUMN];
  const elapsedDays = all[AUTHOR_DAYS_COLUMN];
  if (!(row instanceof Int32Array) || !(elapsedDays instanceof Float64Array))
    throw new Error(
      `candidates of ${user.userId}: expected INT32 ${AUTHOR_ROW_COLUMN} and DOUBLE ${AUTHOR_DAYS_COLUMN}`,
    );
  return { columns: out, authors: { row, elapsedDays } };
}
