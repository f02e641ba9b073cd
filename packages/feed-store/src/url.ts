/** Where a feed store lives, from its URL. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix: string };

export const DEFAULT_REDIS_PREFIX = 'wemoms:';

/**
 * Parses `sqlite:<path>` (relative paths are resolved by the caller) or `redis://[user:pass@]host:port/db`
 * (also `rediss://`; `?prefix=app:` sets the key prefix, default `wemoms:`). Throws naming what is wrong.
 */
export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new Error(`store URL ${JSON.stringify(url)}: expected sqlite:<path to a file>`);
    return { kind: 'sqlite', path };
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`store URL ${JSON.stringify(url)}: not a valid URL (expected redis://host:port/db)`);
    }
    const db = parsed.pathname.replace(/^\//, '');
    if (db !== '' && !/^\d+$/.test(db)) {
      throw new Error(
        `store URL ${redactUrl(url)}: database "${db}" is not a number (expected redis://host:port/db)`,
      );
    }
    const prefix = parsed.searchParams.get('prefix') ?? DEFAULT_REDIS_PREFIX;
    parsed.search = '';
    return { kind: 'redis', url: parsed.toString(), prefix };
  }
  throw new Error(
    `store URL ${JSON.stringify(redactUrl(url))}: expected sqlite:<path> or redis://host:port/db`,
  );
}

/** The URL with any password replaced by `***`, for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):([^@/]*)@/, '//$1:***@');
}
