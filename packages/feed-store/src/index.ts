/**
 * @wemoms/feed-store: the nightly top 10 per user in a key-value store, SQLite or Redis, published as
 * versioned snapshots behind a per-day pointer (atomic swap, retention), read by the feed service.
 */
export { decodeFeed, encodeFeed, encodeFeeds, FEED_FORMAT, type FeedJson, storedFeedJson } from './encode.js';
export { type OpenStoreOptions, openFeedStore } from './open.js';
export { publishSnapshot } from './publish.js';
export { RedisFeedStore } from './redis.js';
export { SqliteFeedStore } from './sqlite.js';
export type {
  FeedItem,
  FeedLookup,
  FeedStore,
  ListedSnapshot,
  PublishOptions,
  PublishResult,
  SnapshotInfo,
  SnapshotMeta,
  SnapshotWriter,
  UserFeed,
} from './types.js';
export { DEFAULT_REDIS_PREFIX, parseStoreUrl, redactUrl, type StoreLocation } from './url.js';
