/**
 * The store contract, run against a real SQLite file and a real redis-server: publish and read back,
 * the latest day, atomic publishing (a reader during a run sees the old snapshot or the new one, never a
 * mix; a failed run leaves the old one served and no trace), retention.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFeed } from './encode.js';
import { openFeedStore } from './open.js';
import { publishSnapshot } from './publish.js';
import { type RedisServer, startRedisServer } from './testing/redis-server.js';
import type { FeedStore, SnapshotMeta, UserFeed } from './types.js';

const USERS = Array.from({ length: 2500 }, (_, u) => `user-${String(u).padStart(5, '0')}`);

/** Every post id and score of version `v` carries `v`, so a mixed read is visible. */
function feedOf(user: string, v: number): UserFeed {
  return {
    user_id: user,
    candidate_time: '2023-01-29 08:00:00.000000+00:00',
    candidates: 2700,
    items: Array.from({ length: 10 }, (_, i) => ({
      rank: i + 1,
      trackable_id: `v${v}-${user}-post-${i}`,
      score: v + (10 - i) / 100,
    })),
  };
}

function* batchesOf(v: number, size = 400): Generator<UserFeed[]> {
  for (let from = 0; from < USERS.length; from += size) {
    yield USERS.slice(from, from + size).map((u) => feedOf(u, v));
  }
}

const meta = (date: string, version = 'abc123'): SnapshotMeta => ({
  date,
  model: { name: 'logreg', version },
  generated_at: '2023-01-29T05:00:00.000Z',
});

/** The version a stored feed was written by; throws if its items mix versions. */
function versionOf(body: string): number {
  const versions = new Set(decodeFeed('u', body).items.map((item) => item.trackable_id.split('-')[0]));
  if (versions.size !== 1) throw new Error(`mixed feed: ${[...versions].join(', ')}`);
  return Number([...versions][0].slice(1));
}

let redis: RedisServer;
const dir = mkdtempSync(join(tmpdir(), 'wemoms-feed-store-'));
let sqliteCount = 0;
let redisCount = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const kinds: [string, () => string][] = [
  ['sqlite', () => `sqlite:${join(dir, `feeds-${++sqliteCount}.db`)}`],
  // One logical store per test: a fresh key prefix on the shared server.
  ['redis', () => `${redis.url}?prefix=t${++redisCount}:`],
];

describe.each(kinds)('%s feed store', (kind, freshUrl) => {
  async function pair(): Promise<[FeedStore, FeedStore]> {
    const url = freshUrl();
    // A publisher and a separate reader connection, as in production.
    return [await openFeedStore(url), await openFeedStore(url)];
  }

  it('publishes every feed and reads it back, by day and for the latest day', async () => {
    const [writer, reader] = await pair();
    expect(await reader.getFeed(USERS[0])).toEqual({ snapshot: null, body: null });
    const result = await publishSnapshot(writer, meta('2023-01-29'), batchesOf(1), { retention: 3 });
    expect(result.snapshot).toMatchObject({ date: '2023-01-29', users: USERS.length, model: meta('').model });
    expect(result.pruned).toEqual([]);
    await publishSnapshot(writer, meta('2023-01-30'), batchesOf(2), { retention: 3 });

    const day1 = await reader.getFeed(USERS[7], '2023-01-29');
    expect(day1.snapshot?.date).toBe('2023-01-29');
    expect(decodeFeed(USERS[7], day1.body as string)).toEqual(feedOf(USERS[7], 1));
    const latest = await reader.getFeed(USERS[7]);
    expect(latest.snapshot).toMatchObject({ date: '2023-01-30', users: USERS.length });
    expect(decodeFeed(USERS[7], latest.body as string)).toEqual(feedOf(USERS[7], 2));
    expect(await reader.getFeed('nobody', '2023-01-29')).toMatchObject({ body: null });
    expect(await reader.getFeed(USERS[0], '2023-02-01')).toEqual({ snapshot: null, body: null });
    expect((await reader.snapshots()).map((s) => [s.date, s.current])).toEqual([
      ['2023-01-30', true],
      ['2023-01-29', true],
    ]);
    await writer.close();
    await reader.close();
  });

  it('swaps atomically: readers during a run see the old snapshot, then the new one, never a mix', async () => {
    const [writer, reader] = await pair();
    await publishSnapshot(writer, meta('2023-01-29', 'old'), batchesOf(1), { retention: 3 });
    const run = await writer.begin(meta('2023-01-29', 'new'), { retention: 3 });
    const seen: number[] = [];
    let b = 0;
    for (const batch of batchesOf(2, 250)) {
      await run.write(batch);
      // Between batches, read users already rewritten and users not yet rewritten.
      for (const user of [batch[0].user_id, USERS[(b * 977) % USERS.length], USERS[USERS.length - 1]]) {
        const { snapshot, body } = await reader.getFeed(user, '2023-01-29');
        expect(snapshot?.model.version).toBe('old');
        seen.push(versionOf(body as string));
      }
      b++;
    }
    expect(new Set(seen)).toEqual(new Set([1]));
    await run.commit();
    for (const user of USERS.filter((_, i) => i % 97 === 0)) {
      const { snapshot, body } = await reader.getFeed(user, '2023-01-29');
      expect(snapshot?.model.version).toBe('new');
      expect(versionOf(body as string)).toBe(2);
    }
    // Concurrent readers while a whole run streams (Redis: truly concurrent round trips).
    const reads: Promise<number>[] = [];
    const producer = (async function* () {
      for (const batch of batchesOf(3, 100)) {
        for (let k = 0; k < 5; k++) {
          reads.push(
            reader.getFeed(USERS[(reads.length * 131) % USERS.length], '2023-01-29').then((lookup) => {
              const version = versionOf(lookup.body as string);
              expect(lookup.snapshot?.model.version).toBe(version === 2 ? 'new' : 'newer');
              return version;
            }),
          );
        }
        yield batch;
      }
    })();
    await publishSnapshot(writer, meta('2023-01-29', 'newer'), producer, { retention: 3 });
    const versions = await Promise.all(reads);
    expect(versions.every((v) => v === 2 || v === 3)).toBe(true);
    expect(versionOf((await reader.getFeed(USERS[5], '2023-01-29')).body as string)).toBe(3);
    await writer.close();
    await reader.close();
  });

  it('a failed run leaves the previous snapshot served and no trace, and the next run works', async () => {
    const [writer, reader] = await pair();
    await publishSnapshot(writer, meta('2023-01-29', 'good'), batchesOf(1), { retention: 3 });
    const failing = (function* () {
      let n = 0;
      for (const batch of batchesOf(2)) {
        if (++n === 3) throw new Error('ranking crashed');
        yield batch;
      }
    })();
    await expect(
      publishSnapshot(writer, meta('2023-01-29', 'bad'), failing, { retention: 3 }),
    ).rejects.toThrow('ranking crashed');
    const after = await reader.getFeed(USERS[3], '2023-01-29');
    expect(after.snapshot?.model.version).toBe('good');
    expect(versionOf(after.body as string)).toBe(1);
    expect((await reader.snapshots()).length).toBe(1);

    // A repeated user id is refused too (a snapshot holds one feed per user).
    const dup = [[feedOf(USERS[0], 4), feedOf(USERS[1], 4)], [feedOf(USERS[0], 4)]];
    await expect(publishSnapshot(writer, meta('2023-01-29', 'dup'), dup, { retention: 3 })).rejects.toThrow();
    expect((await reader.getFeed(USERS[0], '2023-01-29')).snapshot?.model.version).toBe('good');

    await publishSnapshot(writer, meta('2023-01-29', 'fixed'), batchesOf(5), { retention: 3 });
    expect(versionOf((await reader.getFeed(USERS[3], '2023-01-29')).body as string)).toBe(5);
    expect((await reader.snapshots()).map((s) => s.model.version)).toEqual(['fixed', 'good']);
    await writer.close();
    await reader.close();
  });

  it('reads feeds stored by earlier versions (format 1, JSON text) beside new ones', async () => {
    const url = freshUrl();
    const store = await openFeedStore(url);
    await publishSnapshot(store, meta('2023-01-29'), batchesOf(1), { retention: 3 });
    const old = feedOf(USERS[4], 9);
    const text = `{"candidate_time":"${old.candidate_time}","candidates":${old.candidates},"items":[${old.items
      .map((item) => `{"rank":${item.rank},"trackable_id":"${item.trackable_id}","score":${item.score}}`)
      .join(',')}]}`;
    if (kind === 'sqlite') {
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(url.slice('sqlite:'.length));
      // What an earlier version's table held: TEXT values.
      db.prepare('UPDATE feed_1 SET value = ? WHERE user_id = ?').run(text, USERS[4]);
      db.close();
    } else {
      const { Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      await client.hset(`${new URL(url).searchParams.get('prefix')}feed:1`, USERS[4], text);
      await client.quit();
    }
    expect(await store.getFeed(USERS[4], '2023-01-29')).toMatchObject({ body: text, items: 10 });
    const fresh = await store.getFeed(USERS[5], '2023-01-29');
    expect(decodeFeed(USERS[5], fresh.body as string)).toEqual(feedOf(USERS[5], 1));
    await store.close();
  });

  it('retention keeps the newest snapshots and removes the days it deletes', async () => {
    const url = freshUrl();
    const store = await openFeedStore(url);
    const days = ['2023-01-28', '2023-01-29', '2023-01-30', '2023-01-31'];
    const pruned: number[][] = [];
    for (const [k, day] of days.entries()) {
      pruned.push((await publishSnapshot(store, meta(day), batchesOf(k + 1), { retention: 2 })).pruned);
    }
    expect(pruned).toEqual([[], [], [1], [2]]);
    expect((await store.snapshots()).map((s) => [s.id, s.date])).toEqual([
      [4, '2023-01-31'],
      [3, '2023-01-30'],
    ]);
    expect((await store.getFeed(USERS[0], '2023-01-28')).snapshot).toBeNull();
    expect((await store.getFeed(USERS[0], '2023-01-29')).snapshot).toBeNull();
    expect(versionOf((await store.getFeed(USERS[0], '2023-01-30')).body as string)).toBe(3);
    await expect(store.begin(meta('2023-02-01'), { retention: 0 })).rejects.toThrow(/retention/);
    await store.close();
    if (kind === 'sqlite') {
      const file = url.slice('sqlite:'.length);
      expect(existsSync(file)).toBe(true);
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(file, { readonly: true });
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'feed_%' ORDER BY name")
        .all();
      db.close();
      expect(tables).toEqual([{ name: 'feed_3' }, { name: 'feed_4' }]);
    } else {
      const { Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      const prefix = new URL(url).searchParams.get('prefix') as string;
      const keys = (await client.keys(`${prefix}*`)).sort();
      await client.quit();
      expect(keys).toEqual(
        ['current', 'feed:3', 'feed:4', 'seq', 'snapshot:3', 'snapshot:4', 'snapshots'].map(
          (k) => prefix + k,
        ),
      );
    }
  });
});

describe('redis publish lock', () => {
  it('refuses a second concurrent run, and frees the lock after an abort', async () => {
    const url = `${redis.url}?prefix=lock:`;
    const a = await openFeedStore(url);
    const b = await openFeedStore(url);
    const run = await a.begin(meta('2023-01-29'), { retention: 2 });
    await expect(b.begin(meta('2023-01-29'), { retention: 2 })).rejects.toThrow(/another publish run/);
    await run.write([feedOf(USERS[0], 1)]);
    await run.abort();
    const second = await b.begin(meta('2023-01-29'), { retention: 2 });
    await second.write([feedOf(USERS[0], 2)]);
    await second.commit();
    expect(versionOf((await a.getFeed(USERS[0])).body as string)).toBe(2);
    await a.close();
    await b.close();
  });

  it('names the URL when the server does not answer', async () => {
    await expect(openFeedStore('redis://127.0.0.1:1/0')).rejects.toThrow(/redis:\/\/127\.0\.0\.1:1/);
  });
});
