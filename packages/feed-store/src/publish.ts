import type { FeedStore, PublishOptions, PublishResult, SnapshotMeta, UserFeed } from './types.js';

/**
 * One publish run: begins a snapshot, writes every batch of feeds, commits (the pointer swap), and
 * aborts on any failure, the producer's included, so the previous snapshot stays served.
 */
export async function publishSnapshot(
  store: FeedStore,
  meta: SnapshotMeta,
  batches: Iterable<readonly UserFeed[]> | AsyncIterable<readonly UserFeed[]>,
  options: PublishOptions,
): Promise<PublishResult> {
  const writer = await store.begin(meta, options);
  try {
    for await (const batch of batches) await writer.write(batch);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.commit();
}
