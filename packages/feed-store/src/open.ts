import { isAbsolute, resolve } from 'node:path';
import { RedisFeedStore } from './redis.js';
import { SqliteFeedStore } from './sqlite.js';
import type { FeedStore } from './types.js';
import { parseStoreUrl } from './url.js';

export interface OpenStoreOptions {
  /** Directory a relative `sqlite:` path is resolved against (default: the current directory). */
  readonly baseDir?: string;
  /** Redis command timeout in milliseconds (default 2000). */
  readonly commandTimeoutMs?: number;
}

/** Opens the store at `url`: `sqlite:<path>` or `redis://host:port/db[?prefix=...]`. */
export async function openFeedStore(url: string, options: OpenStoreOptions = {}): Promise<FeedStore> {
  const location = parseStoreUrl(url);
  if (location.kind === 'sqlite') {
    const path = isAbsolute(location.path) ? location.path : resolve(options.baseDir ?? '.', location.path);
    return new SqliteFeedStore(path);
  }
  return RedisFeedStore.connect(location.url, {
    prefix: location.prefix,
    commandTimeoutMs: options.commandTimeoutMs,
  });
}
