import { type CandidateChunk, expandCandidates, type PostCatalog, type TestGroups } from '@wemoms/dataset';
import { type FeatureContext, type FeatureFrame, featurizeCandidates, postAsOf } from '@wemoms/features';
import type { AuthorTableBuilder } from './authors.js';

/** One user's candidates as the export writes them. */
export interface UserCandidateFeatures {
  /** Index of the group (user) in `groups`. */
  readonly group: number;
  readonly chunk: CandidateChunk;
  /** The featuriser's columns for the chunk's rows (what `wemoms rank` scores). */
  readonly features: FeatureFrame;
  /** Per candidate: AuthorTable index of the log row describing its author as of her time (-1: none). */
  readonly authorRow: Int32Array;
  /** Per candidate: days from that observation to her time. */
  readonly authorDays: Float64Array;
}

/**
 * Every user's candidates in `groups`, one user at a time, featurised by @wemoms/features'
 * featurizeCandidates (the CLI's rank path) and annotated with where the what-if finds each author.
 */
export function* featurizeUsers(
  context: FeatureContext,
  catalog: PostCatalog,
  groups: TestGroups,
  categories: readonly string[],
  authors: AuthorTableBuilder,
): Generator<UserCandidateFeatures> {
  // One chunk per group keeps a user's rows together; featurizeCandidates batches chunks for speed.
  const chunks = expandCandidates(groups, catalog, { maxRows: 1 });
  let group = 0;
  for (const { chunk, features } of featurizeCandidates(context, chunks, { categories })) {
    if (chunk.groups !== 1) throw new Error(`expected one group per chunk, got ${chunk.groups}`);
    // The same as-of lookup the userPostMatch category makes for these very query points.
    const asOf = postAsOf(context, chunk);
    const authorRow = Int32Array.from(asOf.row, (r) => authors.indexOf(r));
    yield { group: group++, chunk, features, authorRow, authorDays: asOf.elapsedDays };
  }
}
