/**
 * Publish throughput: N users' top 10 (uuid post ids, float scores) written to a fresh SQLite file and to
 * a real redis-server, as `wemoms publish` writes them (batches of 4,096 users), then a burst of random
 * lookups. Prints users/s (wall) and CPU seconds of this process, both net of generating the feeds.
 *   pnpm --filter @wemoms/feed-store bench -- --users 200000
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFeedStore, publishSnapshot, type UserFeed } from '../src/index.js';
import { startRedisServer } from '../src/testing/redis-server.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const users = arg('users', 200_000);
const batch = 4096;
const lookups = arg('lookups', 50_000);

const posts = Array.from({ length: 3000 }, () => randomUUID());
const userIds = Array.from({ length: users }, () => randomUUID());
function* generate(): Generator<UserFeed[]> {
  for (let from = 0; from < users; from += batch) {
    const out: UserFeed[] = [];
    for (let u = from; u < Math.min(users, from + batch); u++) {
      out.push({
        user_id: userIds[u],
        candidate_time: '2023-01-29 08:12:45.123456+00:00',
        candidates: 2700,
        items: Array.from({ length: 10 }, (_, i) => ({
          rank: i + 1,
          trackable_id: posts[(u * 7 + i * 13) % posts.length],
          score: Math.fround(0.9 - i * 0.01 - (u % 100) / 1e4),
        })),
      });
    }
    yield out;
  }
}

// Generated batch by batch as publish produces them (holding them all made the bench measure the GC of
// a big heap); the generator's own CPU time is measured alone and subtracted.
function generatorCpuSeconds(): number {
  const cpu0 = process.cpuUsage();
  let n = 0;
  for (const batch of generate()) n += batch.length;
  const cpu = process.cpuUsage(cpu0);
  if (n !== users) throw new Error('generator');
  return (cpu.user + cpu.system) / 1e6;
}
const batches = generate;

async function measure(url: string) {
  const store = await openFeedStore(url);
  const meta = {
    date: '2023-01-29',
    model: { name: 'logreg', version: 'bench' },
    generated_at: new Date().toISOString(),
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await publishSnapshot(store, meta, batches(), { retention: 2 });
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000 - generation;
  const r0 = performance.now();
  for (let i = 0; i < lookups; i++) await store.getFeed(userIds[(i * 7919) % users], '2023-01-29');
  const readSeconds = (performance.now() - r0) / 1000;
  await store.close();
  return {
    store: store.kind,
    users,
    wallSeconds: +seconds.toFixed(3),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6 - generation).toFixed(3),
    usersPerSecond: Math.round(users / seconds),
    sequentialLookupsPerSecond: Math.round(lookups / readSeconds),
  };
}

let generation = 0;
const dir = mkdtempSync(join(tmpdir(), 'wemoms-feed-bench-'));
const redis = await startRedisServer();
try {
  generation = generatorCpuSeconds();
  console.log(`generating ${users} feeds alone: ${generation.toFixed(3)} CPU s (subtracted below)`);
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const rows = [await measure(`sqlite:${join(dir, 'feeds.db')}`), await measure(redis.url)];
  console.table(rows);
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
