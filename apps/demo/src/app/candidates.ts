import { AUTHOR_DAYS_COLUMN, AUTHOR_ROW_COLUMN, type DemoFeatureSpec, type DemoUser } from '../format.js';
import { encodeDictionary, type ParquetColumnData } from '../lib/parquetColumns.js';
import type { DataSource } from './dataSource.js';
import type { Columns } from './demoRanker.js';
import type { CandidateAuthors } from './whatIf.js';

/** The day's candidate posts, shared by every user: ids, tie-break keys and the raw author fields. */
export interface PostTable {
  readonly length: number;
  readonly ids: string[];
  /** Rank of each id in ascending string order (data-schema's dictionaryRank, computed by the export). */
  readonly tieKeys: Int32Array;
  /** The remaining posts.parquet columns (author fields the what-if recomputation reads). */
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

/**
 * Reads one user's candidate features into model input columns. Rows are in posts.parquet order (checked:
 * a file from another export is refused rather than scored against the wrong posts).
 */
export async function loadUserCandidates(
  source: DataSource,
  user: DemoUser,
  posts: PostTable,
  specs: readonly DemoFeatureSpec[],
): Promise<UserCandidates> {
  const { length, columns } = await source.candidates(user);
  const ids = columns[POST_ID_COLUMN];
  if (length !== posts.length || !Array.isArray(ids) || ids.some((id, i) => id !== posts.ids[i]))
    throw new Error(`candidates of ${user.userId}: rows do not match posts.parquet (re-run the export)`);
  const out: Record<string, Columns[string]> = {};
  for (const spec of specs) {
    const column = columns[spec.name];
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
  const row = columns[AUTHOR_ROW_COLUMN];
  const elapsedDays = columns[AUTHOR_DAYS_COLUMN];
  if (!(row instanceof Int32Array) || !(elapsedDays instanceof Float64Array))
    throw new Error(
      `candidates of ${user.userId}: expected INT32 ${AUTHOR_ROW_COLUMN} and DOUBLE ${AUTHOR_DAYS_COLUMN}`,
    );
  return { columns: out, authors: { row, elapsedDays } };
}
