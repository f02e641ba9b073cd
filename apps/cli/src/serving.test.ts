/**
 * Both deployment modes on a small trained workdir, with the real model, a real SQLite file and a real
 * redis-server: `wemoms publish` stores exactly `wemoms rank`'s top 10; the service serves it; online
 * ranking of a user at her candidate time equals `wemoms rank` with no events; an ingested open moves the
 * result; a reload of a retrained model drops no request; SIGTERM shuts `wemoms serve` down gracefully.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { formatTimestampMicros, parseTimestampMicros, type RawEventJson } from '@wemoms/data-schema';
import { decodeFeed, openFeedStore } from '@wemoms/feed-store';
import { type RedisServer, startRedisServer } from '@wemoms/feed-store/testing';
import type { FeedService } from '@wemoms/serving';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankLine } from './commands/rank.js';
import { startServe } from './commands/serve.js';
import { modelVersion } from './pipeline/load-ranking.js';
import { createContext } from './runtime/context.js';
import { expectCliOk } from './testing/run-cli.js';

const DATE = '2023-01-29';
const workdir = mkdtempSync(join(tmpdir(), 'wemoms-serving-'));
const at = (...parts: string[]) => join(workdir, ...parts);
const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };

const cli = async (...args: string[]) => (await expectCliOk([...args, '--workdir', workdir])).err;

let redis: RedisServer;
let ranked: RankLine[];
let service: FeedService;

beforeAll(async () => {
  writeFileSync(
    at('wemoms.config.json'),
    JSON.stringify({
      synthetic: { rows: 6000, seed: 11 },
      model: { epochs: 10, patience: 5 },
      serve: { port: 0 },
    }),
  );
  await cli('generate-data');
  await cli('make-dataset');
  await cli('build-features');
  await cli('merge-features');
  await cli('train');
  await cli('rank', '--date', DATE);
  ranked = readFileSync(at(`reports/rank-${DATE}.jsonl`), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as RankLine);
  redis = await startRedisServer();
}, 240_000);

afterAll(async () => {
  await service?.close();
  await redis?.stop();
});

/** rank's top 10 of a user, as the store and the service give it (without the label). */
const expectedTop = (line: RankLine) =>
  line.top.map(({ rank, trackable_id, score }) => ({ rank, trackable_id, score }));

describe('wemoms publish', () => {
  it.each([
    ['sqlite', () => 'sqlite:data/feeds.db'],
    ['redis', () => redis.url],
  ])('stores exactly the top 10 of wemoms rank for every active user (%s)', async (_kind, url) => {
    const log = await cli('publish', '--date', DATE, '--store', url());
    expect(log).toMatch(
      new RegExp(`✔ publish .* ${ranked.length} users' top 10 -> .* snapshot 1 for ${DATE}`),
    );
    const store = await openFeedStore(url(), { baseDir: workdir });
    for (const line of ranked) {
      const { snapshot, body } = await store.getFeed(line.user_id, DATE);
      expect(snapshot).toMatchObject({
        date: DATE,
        users: ranked.length,
        model: { name: 'logreg', version: modelVersion(at('models/logreg')) },
      });
      expect(decodeFeed(line.user_id, body as string)).toEqual({
        user_id: line.user_id,
        candidate_time: line.candidate_time,
        candidates: line.candidates,
        items: expectedTop(line),
      });
    }
    await store.close();
  });

  it('fails clearly on a bad store URL, and a second publish keeps retention', async () => {
    await expect(cli('publish', '--date', DATE, '--store', 'postgres://db/feeds')).rejects.toThrow(
      /expected sqlite:<path> or redis:\/\/host:port\/db/,
    );
    const log = await cli('publish', '--date', DATE, '--store', 'sqlite:data/feeds.db', '--retention', '1');
    expect(log).toMatch(/snapshot 2 for 2023-01-29 .*retention removed snapshot 1/);
  });
});

async function post(path: string, body: unknown) {
  const response = await fetch(service.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, never> };
}

describe('wemoms serve', () => {
  beforeAll(async () => {
    service = await startServe(createContext({ workdir }, {}, quiet));
    await service.loaded();
  });

  it('serves the published feed of every user', async () => {
    for (const line of ranked.slice(0, 50)) {
      const response = await fetch(`${service.url}/v1/feed/${line.user_id}?date=${DATE}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ user_id: line.user_id, date: DATE, candidate_time: line.candidate_time });
      expect(body.items).toEqual(expectedTop(line));
    }
  });

  it('ranks online exactly as wemoms rank when no event was received', async () => {
    for (const line of ranked.slice(0, 40)) {
      const { status, json } = await post('/v1/rank', { user_id: line.user_id, at: line.candidate_time });
      expect(status).toBe(200);
      expect(json).toMatchObject({
        at: line.candidate_time,
        candidates: line.candidates,
        live: { version: 0, events: 0 },
        model: { name: 'logreg', version: modelVersion(at('models/logreg')) },
      });
      expect(json.items).toEqual(expectedTop(line));
    }
  });

  it('ranks a given candidate list with the same scores', async () => {
    const line = ranked[0];
    const all = await post('/v1/rank', { user_id: line.user_id, at: line.candidate_time, top_k: 1000 });
    const items = all.json.items as { trackable_id: string; score: number }[];
    const picked = [items[30], items[3], items[12]].map((i) => i.trackable_id);
    const some = await post('/v1/rank', {
      user_id: line.user_id,
      at: line.candidate_time,
      candidates: picked,
    });
    expect(some.json.items).toEqual(
      [items[3], items[12], items[30]].map((item, k) => ({ ...item, rank: k + 1 })),
    );
  });

  it('an ingested open moves the live popularity features and the result', async () => {
    const line = ranked[1];
    const before = await post('/v1/rank', { user_id: line.user_id, at: line.candidate_time, top_k: 5000 });
    const items = before.json.items as { rank: number; trackable_id: string; score: number }[];
    // A post in the middle of her ranking, opened by 25 other users in the hour before her visit.
    const target = items[Math.floor(items.length / 2)];
    const raw = gunzipSync(readFileSync(at('data/raw/WeMoms_MLE_hiring_test_2023.json.gzip')))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as RawEventJson);
    const template = raw.find((r) => r.trackable_id === target.trackable_id) as RawEventJson;
    const created = parseTimestampMicros(template.tracker_created_at) - template.post_age_in_minutes * 60e6;
    const others = [
      ...new Map(raw.filter((r) => r.user_id !== line.user_id).map((r) => [r.user_id, r])).values(),
    ];
    const visit = parseTimestampMicros(line.candidate_time);
    const events = others.slice(0, 25).map((viewer, k) => {
      const time = visit - (k + 1) * 120e6;
      const post = Object.fromEntries(
        Object.entries(template).filter(([key]) =>
          /^(trackable_id|post_|author_|has_picture|has_text|has_video|survey|direct|first_comment)/.test(
            key,
          ),
        ),
      );
      return {
        ...viewer,
        ...post,
        tracker_created_at: formatTimestampMicros(time),
        post_age_in_minutes: Math.round((time - created) / 60e6),
        has_been_opened: true,
      };
    });
    const ingest = await post('/v1/events?wait=true', { events });
    expect(ingest).toMatchObject({
      status: 202,
      json: { accepted: 25, duplicates: 0, pending: 0, live: { events: 25 } },
    });
    // The same events again are duplicates.
    expect((await post('/v1/events', { events: events.slice(0, 3) })).json).toMatchObject({
      accepted: 0,
      duplicates: 3,
    });

    const after = await post('/v1/rank', { user_id: line.user_id, at: line.candidate_time, top_k: 5000 });
    expect(after.json).toMatchObject({ live: { events: 25 }, candidates: before.json.candidates });
    const moved = (after.json.items as typeof items).find((i) => i.trackable_id === target.trackable_id);
    expect(moved?.score).not.toBe(target.score);
    expect(moved?.rank).not.toBe(target.rank);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/wemoms_impressions_total 25/);
    expect(metrics).toMatch(/wemoms_live_ctr 1/);
    expect(metrics).toMatch(/wemoms_live_log_events 25/);
  });

  it('reloads a retrained model without failing a request', async () => {
    const first = modelVersion(at('models/logreg'));
    await cli('train', '--name', 'retrained', '--epochs', '3', '--learning-rate', '0.01');
    cpSync(at('models/retrained'), at('models/logreg'), { recursive: true });
    const second = modelVersion(at('models/logreg'));
    expect(second).not.toBe(first);
    const requests: Promise<number>[] = [];
    const reload = post('/v1/admin/reload', {});
    for (const line of ranked.slice(0, 30)) {
      requests.push(
        post('/v1/rank', { user_id: line.user_id, at: line.candidate_time }).then((r) => r.status),
      );
      requests.push(fetch(`${service.url}/v1/feed/${line.user_id}?date=${DATE}`).then((r) => r.status));
    }
    expect((await reload).json).toMatchObject({ status: 'reloaded', model: { version: second }, events: 25 });
    const statuses = await Promise.all(requests);
    expect(statuses).toEqual(statuses.map(() => 200));
    const ready = await (await fetch(`${service.url}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', model: { version: second }, live: { events: 25 } });
  });

  it('serves a snapshot published while it runs, without a reload', async () => {
    const user = ranked[0].user_id;
    const before = (await (await fetch(`${service.url}/v1/feed/${user}?date=${DATE}`)).json()) as {
      snapshot: { id: number; model: { version: string } };
    };
    await cli('publish', '--date', DATE);
    const after = (await (
      await fetch(`${service.url}/v1/feed/${user}?date=${DATE}`)
    ).json()) as typeof before;
    expect(after.snapshot.id).toBe(before.snapshot.id + 1);
    expect(after.snapshot.model.version).toBe(modelVersion(at('models/logreg')));
  });
});

describe('wemoms serve as a process', () => {
  // The built entry the Docker image runs (ENTRYPOINT node dist/bin.js; turbo builds the CLI before
  // its tests), in its own process so that SIGTERM is a real signal.
  it('stops gracefully on SIGTERM', async () => {
    const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
    expect(existsSync(bin), `${bin}: build the CLI first (pnpm test builds it)`).toBe(true);
    const child = spawn(process.execPath, [bin, 'serve', '--workdir', workdir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not become ready:\n${err}`)), 90_000);
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(err);
        if (match && /ready/.test(err)) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${err}`)));
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toMatch(/SIGTERM: finishing in-flight requests, then exiting/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 120_000);
});
