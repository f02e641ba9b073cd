import { type ArrayAllocator, BufferArena, FRESH_ARRAYS } from './arena.js';
import { featureBatch } from './batch.js';
import { featurize } from './featurize.js';
import { sliceFrame } from './frame.js';
import { CATEGORY_NAMES } from './registry.js';
import type { FeatureContext, FeatureFrame, QueryPoints } from './types.js';

export interface FeaturizeCandidatesOptions {
  /** Categories to compute (default all). */
  readonly categories?: readonly string[];
  /**
   * Chunks are featurised together until they hold at least this many rows (default 262,144): every
   * sweep walks the log once per batch, so tiny chunks are batched to amortise it. Memory stays bounded
   * by minBatchRows plus one chunk.
   */
  readonly minBatchRows?: number;
  /**
   * Recycle the feature arrays of a batch once the generator moves past it (default false): a yielded
   * chunk's features are then valid only until the next `next()` call that starts a new batch, so the
   * consumer must use (score, write) or copy them before asking for more. Allocating fresh arrays is the
   * featuriser's largest cost; streaming consumers (score + top-k, test feature files) should set this.
   * Pass one `new BufferArena()` to reuse arrays across successive calls (e.g. one call per test day);
   * an arena must not serve two generators that are consumed in an interleaved way.
   */
  readonly reuseBuffers?: boolean | BufferArena;
}

/** A chunk and its features, row-aligned. */
export interface FeaturizedChunk<C extends QueryPoints> {
  readonly chunk: C;
  readonly features: FeatureFrame;
}

function concatQueries(chunks: readonly QueryPoints[], alloc: ArrayAllocator): QueryPoints {
  if (chunks.length === 1) return chunks[0];
  let length = 0;
  for (const c of chunks) length += c.length;
  const user = alloc.int32(length);
  const post = alloc.int32(length);
  const time = alloc.float64(length);
  let at = 0;
  for (const c of chunks) {
    user.set(c.user, at);
    post.set(c.post, at);
    time.set(c.time, at);
    at += c.length;
  }
  return { length, user, post, time };
}

/**
 * The as-of featuriser for test candidates (DESIGN section 5, rule 2): consumes dataset's CandidateChunk
 * stream (day by day, whole groups) and yields each chunk with its features, in order, computed by the
 * same categories as train/eval rows. Positives and negatives are indistinguishable to it: it sees only
 * (user, post, time). Lazy: nothing beyond the current batch is held.
 */
export function* featurizeCandidates<C extends QueryPoints>(
  context: FeatureContext,
  chunks: Iterable<C>,
  options: FeaturizeCandidatesOptions = {},
): Generator<FeaturizedChunk<C>> {
  const categories = options.categories ?? CATEGORY_NAMES;
  const minRows = options.minBatchRows ?? 1 << 18;
  const reuse = options.reuseBuffers;
  const arena = reuse instanceof BufferArena ? reuse : reuse === true ? new BufferArena() : null;
  const alloc = arena ?? FRESH_ARRAYS;
  let pending: C[] = [];
  let pendingRows = 0;
  function* flush(): Generator<FeaturizedChunk<C>> {
    const batch = pending;
    pending = [];
    pendingRows = 0;
    // The consumer has moved past the previous batch: its arrays may be overwritten now.
    arena?.reset();
    // One FeatureBatch per batch: its arrays come from the arena (or are new), its memo dies with it.
    const features = featurize(context, featureBatch(concatQueries(batch, alloc), alloc), categories);
    let at = 0;
    for (const chunk of batch) {
      yield { chunk, features: sliceFrame(features, at, at + chunk.length) };
      at += chunk.length;
    }
  }
  for (const chunk of chunks) {
    pending.push(chunk);
    pendingRows += chunk.length;
    if (pendingRows >= minRows) yield* flush();
  }
  if (pending.length > 0) yield* flush();
}
