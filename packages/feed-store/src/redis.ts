/**
 * The Redis feed store (ioredis). Keys, under a prefix (default `wemoms:`):
 * - `feed:<id>`      hash user_id -> stored feed text, one per snapshot;
 * - `snapshot:<id>`  the snapshot's SnapshotInfo as JSON;
 * - `current`        hash date -> snapshot id: the pointer;
 * - `snapshots`      sorted set of retained ids; `seq` the id counter;
 * - `pending`        ids being written (cleaned up if a publisher died); `publish-lock` one run at a time.
 * A run fills `feed:<id>` with pipelined HSETs (invisible: nothing points to it), then one MULTI writes
 * the snapshot record and swaps the pointer; retention then deletes old snapshots (pointer first, in the
 * same MULTI). A lookup is one Lua script (pointer, feed and snapshot record read atomically), so a
 * reader never sees a pointer without its data.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { encodeFeeds, storedFeedJson } from './encode.js';
import { checkPublishOptions, prunedIds } from './retention.js';
import type {
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
import { redactUrl } from './url.js';

/** KEYS[1] current hash; ARGV[1] date ('' = latest day), ARGV[2] user id, ARGV[3] prefix. */
const LOOKUP = `
local date = ARGV[1]
if date == '' then
  local dates = redis.call('HKEYS', KEYS[1])
  if #dates == 0 then return {} end
  table.sort(dates)
  date = dates[#dates]
end
local id = redis.call('HGET', KEYS[1], date)
if not id then return {} end
local info = redis.call('GET', ARGV[3] .. 'snapshot:' .. id)
if not info then return {} end
local body = redis.call('HGET', ARGV[3] .. 'feed:' .. id, ARGV[2])
return {id, info, body or ''}
`;

/** KEYS[1] current hash; ARGV[1] date, ARGV[2] id: removes the day's pointer only if it is that id. */
const UNPOINT = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;

/** KEYS[1] lock; ARGV[1] token: releases the lock only if this run holds it. */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Fields per HSET command while publishing, and HSET commands per pipeline round trip. */
const FIELDS_PER_COMMAND = 500;
const LOCK_MS = 60 * 60 * 1000;

/** Throws the first error of a pipeline's or transaction's replies (ioredis resolves with them). */
function checkReplies(replies: [Error | null, unknown][] | null): void {
  if (replies === null) throw new Error('Redis transaction aborted');
  for (const [error] of replies) if (error) throw error;
}

interface Scripts {
  /** The reply as Buffers: stored feeds are binary. */
  feedLookupBuffer(current: string, date: string, user: string, prefix: string): Promise<Buffer[]>;
  unpoint(current: string, date: string, id: string): Promise<number>;
  unlock(lock: string, token: string): Promise<number>;
}

export interface RedisStoreOptions {
  readonly prefix: string;
  /** Milliseconds a command may take before it fails (default 2000). */
  readonly commandTimeoutMs?: number;
}

export class RedisFeedStore implements FeedStore {
  readonly kind = 'redis';
  readonly description: string;
  private readonly redis: Redis & Scripts;
  private readonly prefix: string;
  private readonly infos = new Map<string, SnapshotInfo>();

  private constructor(redis: Redis & Scripts, url: string, prefix: string) {
    this.redis = redis;
    this.description = `${redactUrl(url)} (prefix ${prefix})`;
    this.prefix = prefix;
  }

  /** Connects (failing fast with the URL in the message when the server does not answer). */
  static async connect(url: string, options: RedisStoreOptions): Promise<RedisFeedStore> {
    const redis = new Redis(url, {
      lazyConnect: true,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      // Reconnect with a short backoff; a command fails after maxRetriesPerRequest instead of waiting.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    });
    redis.on('error', () => {
      // Connection errors surface as failed commands (ioredis would otherwise print them unhandled).
    });
    redis.defineCommand('feedLookup', { numberOfKeys: 1, lua: LOOKUP });
    redis.defineCommand('unpoint', { numberOfKeys: 1, lua: UNPOINT });
    redis.defineCommand('unlock', { numberOfKeys: 1, lua: UNLOCK });
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new Error(`cannot connect to the feed store ${redactUrl(url)}: ${(error as Error).message}`);
    }
    return new RedisFeedStore(redis as Redis & Scripts, url, options.prefix);
  }

  private key(name: string): string {
    return this.prefix + name;
  }

  async getFeed(userId: string, date?: string): Promise<FeedLookup> {
    const reply = await this.redis.feedLookupBuffer(this.key('current'), date ?? '', userId, this.prefix);
    if (reply.length === 0 || reply[0].length === 0) return { snapshot: null, body: null };
    // Snapshot records are immutable: parsed once per snapshot id.
    const id = reply[0].toString('latin1');
    let snapshot = this.infos.get(id);
    if (snapshot === undefined) {
      snapshot = JSON.parse(reply[1].toString('utf8')) as SnapshotInfo;
      if (this.infos.size > 64) this.infos.clear();
      this.infos.set(id, snapshot);
    }
    if (reply[2].length === 0) return { snapshot, body: null };
    const { json, items } = storedFeedJson(reply[2]);
    return { snapshot, body: json, items };
  }

  async snapshots(): Promise<ListedSnapshot[]> {
    const ids = await this.redis.zrevrange(this.key('snapshots'), 0, -1);
    const current = new Set(Object.values(await this.redis.hgetall(this.key('current'))));
    const out: ListedSnapshot[] = [];
    for (const id of ids) {
      const text = await this.redis.get(this.key(`snapshot:${id}`));
      if (text !== null) out.push({ ...(JSON.parse(text) as SnapshotInfo), current: current.has(id) });
    }
    return out;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async begin(meta: SnapshotMeta, options: PublishOptions): Promise<SnapshotWriter> {
    checkPublishOptions(options);
    const redis = this.redis;
    const lock = this.key('publish-lock');
    const token = randomUUID();
    if ((await redis.set(lock, token, 'PX', LOCK_MS, 'NX')) === null) {
      throw new Error(`${this.description}: another publish run holds ${lock}`);
    }
    const release = () => redis.unlock(lock, token);
    try {
      await this.cleanAbandoned();
      const id = String(await redis.incr(this.key('seq')));
      const feedKey = this.key(`feed:${id}`);
      await redis.sadd(this.key('pending'), id);
      await redis.unlink(feedKey);
      return this.writer(meta, options, id, feedKey, release);
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Data of runs that died before their commit: nothing points to it (we hold the lock). */
  private async cleanAbandoned(): Promise<void> {
    const pending = await this.redis.smembers(this.key('pending'));
    for (const id of pending) {
      await this.redis.unlink(this.key(`feed:${id}`));
      await this.redis.srem(this.key('pending'), id);
    }
  }

  private writer(
    meta: SnapshotMeta,
    options: PublishOptions,
    id: string,
    feedKey: string,
    release: () => Promise<number>,
  ): SnapshotWriter {
    const redis = this.redis;
    const store = this;
    let users = 0;
    let open = true;
    // One pipeline in flight while the next batch is encoded: the round trip overlaps the encoding.
    let inFlight: Promise<unknown> = Promise.resolve();
    const fail = async (error: unknown): Promise<never> => {
      if (open) {
        open = false;
        await inFlight.catch(() => {});
        await redis.unlink(feedKey).catch(() => {});
        await redis.srem(store.key('pending'), id).catch(() => {});
        await release().catch(() => {});
      }
      throw error;
    };
    return {
      async write(feeds: readonly UserFeed[]) {
        if (!open) throw new Error('write after commit or abort');
        try {
          const pipeline = redis.pipeline();
          const values = encodeFeeds(feeds);
          for (let from = 0; from < feeds.length; from += FIELDS_PER_COMMAND) {
            const args: (string | Buffer)[] = [];
            const to = Math.min(feeds.length, from + FIELDS_PER_COMMAND);
            for (let i = from; i < to; i++) args.push(feeds[i].user_id, values[i]);
            pipeline.hset(feedKey, ...args);
          }
          await inFlight;
          inFlight = pipeline.exec().then(checkReplies);
          users += feeds.length;
        } catch (error) {
          await fail(error);
        }
      },
      async commit(): Promise<PublishResult> {
        if (!open) throw new Error('commit after commit or abort');
        try {
          await inFlight;
          const stored = await redis.hlen(feedKey);
          if (stored !== users) {
            throw new Error(
              `${store.description}: snapshot ${id} holds ${stored} feeds, ${users} were written (a user id repeated?)`,
            );
          }
          const snapshot: SnapshotInfo = {
            ...meta,
            id: Number(id),
            users,
            published_at: new Date().toISOString(),
          };
          const current = store.key('current');
          await redis
            .multi()
            .set(store.key(`snapshot:${id}`), JSON.stringify(snapshot))
            .zadd(store.key('snapshots'), id, id)
            .hset(current, meta.date, id)
            .srem(store.key('pending'), id)
            .exec()
            .then(checkReplies);
          open = false;
          let pruned: number[];
          try {
            pruned = await store.prune(options.retention);
          } finally {
            await release();
          }
          return { snapshot, pruned };
        } catch (error) {
          return fail(error);
        }
      },
      async abort() {
        await fail(null).catch(() => {});
      },
    };
  }

  /** Deletes all but the `retention` newest snapshots, each day's pointer first (if it is still theirs). */
  private async prune(retention: number): Promise<number[]> {
    const redis = this.redis;
    const current = this.key('current');
    const retained = (await redis.zrange(this.key('snapshots'), '0', '-1')).map(Number);
    const pruned = prunedIds(retained, retention);
    if (pruned.length > 0) {
      const infos = await redis.mget(pruned.map((old) => this.key(`snapshot:${old}`)));
      const multi = redis.multi() as ReturnType<Redis['multi']> & {
        unpoint(current: string, date: string, id: string): unknown;
      };
      pruned.forEach((old, k) => {
        const text = infos[k];
        if (text !== null) multi.unpoint(current, (JSON.parse(text) as SnapshotInfo).date, String(old));
        multi.unlink(this.key(`feed:${old}`), this.key(`snapshot:${old}`));
        multi.zrem(this.key('snapshots'), String(old));
      });
      checkReplies(await multi.exec());
    }
    return pruned;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
