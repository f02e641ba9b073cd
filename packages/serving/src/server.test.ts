/**
 * The HTTP contract against a real server on 127.0.0.1, with a stand-in engine (the real model's
 * rankings are tested in apps/cli's serving test) and an in-memory or misbehaving feed store: status
 * codes and JSON errors, validation, size limit, timeout, readiness, metrics, OpenAPI, reload, close.
 */
import { postsCreatedOn } from '@wemoms/dataset';
import type { FeedLookup, FeedStore, SnapshotInfo } from '@wemoms/feed-store';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServingEngine } from './engine.js';
import { type FeedService, type ServerOptions, startFeedService } from './server.js';
import { smallLog } from './testing/small-log.js';

const SNAPSHOT: SnapshotInfo = {
  id: 7,
  date: '2023-01-29',
  model: { name: 'logreg', version: 'abc' },
  generated_at: '2023-01-29T05:00:00.000Z',
  published_at: '2023-01-29T05:01:00.000Z',
  users: 1,
};
const STORED =
  '{"candidate_time":"2023-01-29 08:00:00.000000+00:00","candidates":3,"items":[{"rank":1,"trackable_id":"p1","score":0.5},{"rank":2,"trackable_id":"p2","score":0.25}]}';

function memoryStore(getFeed?: (user: string, date?: string) => Promise<FeedLookup>): FeedStore {
  return {
    kind: 'sqlite',
    description: 'memory',
    begin: () => Promise.reject(new Error('read-only')),
    getFeed:
      getFeed ??
      (async (user, date) => {
        if (date !== undefined && date !== SNAPSHOT.date) return { snapshot: null, body: null };
        return user === 'u1'
          ? { snapshot: SNAPSHOT, body: STORED, items: 2 }
          : { snapshot: SNAPSHOT, body: null };
      }),
    snapshots: async () => [],
    ping: async () => {},
    close: async () => {},
  };
}

async function engine(version = 'v1'): Promise<ServingEngine> {
  const { view } = await smallLog();
  return {
    model: { name: 'fake', version },
    base: view,
    snapshot: 'small synthetic log',
    // Stand-in ranking: the candidates in post-code order.
    rank(v, groups, _context, topK) {
      const posts =
        groups.candidates === 'previousDayPosts' ? postsCreatedOn(v.catalog, groups.day - 1) : groups.post;
      const ids = v.log.columns.trackable_id.dictionary;
      return [
        Array.from(posts.slice(0, topK), (p, i) => ({
          rank: i + 1,
          trackable_id: ids[p],
          score: 1 - i / 100,
        })),
      ];
    },
  };
}

const services: FeedService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

async function start(overrides: Partial<ServerOptions> = {}): Promise<FeedService> {
  const service = await startFeedService({
    host: '127.0.0.1',
    port: 0,
    store: memoryStore(),
    loadEngine: () => engine(),
    bodyLimitBytes: 64 * 1024,
    requestTimeoutMs: 2000,
    maxEvents: 100,
    maxCandidates: 1000,
    refreshIntervalMs: 50,
    topK: 10,
    ...overrides,
  });
  services.push(service);
  return service;
}

async function call(service: FeedService, path: string, body?: unknown, raw?: string) {
  const response = await fetch(service.url + path, {
    method: body === undefined && raw === undefined ? 'GET' : 'POST',
    headers: body === undefined && raw === undefined ? {} : { 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // metrics: text
  }
  return { status: response.status, json: json as Record<string, unknown>, text };
}

describe('feed service over HTTP', () => {
  it('answers 503 until the model is loaded, then is ready', async () => {
    let release: (e: ServingEngine) => void = () => {};
    const pending = new Promise<ServingEngine>((resolve) => (release = resolve));
    const service = await start({ loadEngine: () => pending });
    expect((await call(service, '/healthz')).json).toEqual({ status: 'ok' });
    expect((await call(service, '/readyz')).status).toBe(503);
    const early = await call(service, '/v1/rank', { user_id: 'x' });
    expect(early.status).toBe(503);
    expect(early.json.error).toBe('not_ready');
    release(await engine());
    await service.loaded();
    const ready = await call(service, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({
      status: 'ready',
      model: { name: 'fake', version: 'v1' },
      store: { kind: 'sqlite' },
    });
  });

  it('serves stored feeds, with 404s that say what is missing and 400 on a bad date', async () => {
    const service = await start();
    const feed = await call(service, '/v1/feed/u1?date=2023-01-29');
    expect(feed.status).toBe(200);
    expect(feed.json).toEqual({
      user_id: 'u1',
      date: '2023-01-29',
      snapshot: {
        id: 7,
        model: SNAPSHOT.model,
        generated_at: SNAPSHOT.generated_at,
        published_at: SNAPSHOT.published_at,
        users: 1,
      },
      ...JSON.parse(STORED),
    });
    expect((await call(service, '/v1/feed/u1')).status).toBe(200);
    expect((await call(service, '/v1/feed/u2?date=2023-01-29')).json).toEqual({
      error: 'not_found',
      message: 'user u2 has no feed for 2023-01-29',
    });
    expect((await call(service, '/v1/feed/u1?date=2023-01-30')).json.message).toBe(
      'no feed published for 2023-01-30',
    );
    const bad = await call(service, '/v1/feed/u1?date=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/querystring\/date must match pattern/);
    expect((await call(service, '/v1/feed/u1?day=2023-01-29')).status).toBe(400);
  });

  it('answers 503 when the store fails, and 503 when a request outlives its timeout', async () => {
    const failing = await start({
      store: memoryStore(() => Promise.reject(new Error('connection refused'))),
    });
    const down = await call(failing, '/v1/feed/u1');
    expect(down.status).toBe(503);
    expect(down.json).toEqual({
      error: 'store_unavailable',
      message: 'feed store memory: connection refused',
    });
    const hanging = await start({ store: memoryStore(() => new Promise(() => {})), requestTimeoutMs: 150 });
    const slow = await call(hanging, '/v1/feed/u1');
    expect(slow.status).toBe(503);
    expect(slow.json).toEqual({ error: 'timeout', message: 'no answer within 150 ms' });
    expect((await call(hanging, '/healthz')).status).toBe(200);
  });

  it('validates online requests: types (no coercion), unknown fields, the instant, the user', async () => {
    const service = await start();
    await service.loaded();
    const { view } = await smallLog();
    const user = view.log.columns.user_id.dictionary[0];
    const wrongType = await call(service, '/v1/rank', { user_id: 5 });
    expect(wrongType).toMatchObject({
      status: 400,
      json: { error: 'bad_request', message: 'body/user_id must be string' },
    });
    expect((await call(service, '/v1/rank', { user_id: user, colour: 'red' })).json.message).toMatch(
      /must NOT have additional properties/,
    );
    expect((await call(service, '/v1/rank', {})).json.message).toMatch(
      /must have required property 'user_id'/,
    );
    const badAt = await call(service, '/v1/rank', { user_id: user, at: 'the day after tomorrow' });
    expect(badAt).toMatchObject({ status: 400, json: { field: 'at' } });
    const unknown = await call(service, '/v1/rank', { user_id: 'nobody' });
    expect(unknown).toMatchObject({ status: 404, json: { error: 'not_found' } });
    const ok = await call(service, '/v1/rank', {
      user_id: user,
      at: '2023-01-20 09:30:00+00:00',
      platform: 'android',
      candidates: [view.log.columns.trackable_id.dictionary[1], 'no-such-post'],
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      user_id: user,
      at: '2023-01-20 09:30:00.000000+00:00',
      model: { name: 'fake', version: 'v1' },
      context: { platform: 'android', hour_of_day: 9 },
      candidates: 1,
      unknown_candidates: ['no-such-post'],
      items: [{ rank: 1, trackable_id: view.log.columns.trackable_id.dictionary[1] }],
    });
  });

  it('rejects bad JSON, oversized bodies (413) and bad events (400 naming the event and field)', async () => {
    const service = await start();
    await service.loaded();
    const { lines } = await smallLog();
    const invalidJson = await call(service, '/v1/rank', undefined, '{"user_id": ');
    expect(invalidJson).toMatchObject({ status: 400, json: { error: 'bad_request' } });
    const huge = await call(service, '/v1/events', { events: [{ padding: 'x'.repeat(70_000) }] });
    expect(huge).toMatchObject({
      status: 413,
      json: { error: 'payload_too_large', message: 'request body larger than the 65536-byte limit' },
    });
    const badEvent = await call(service, '/v1/events', { events: [lines[0], { ...lines[1], platform: 42 }] });
    expect(badEvent.status).toBe(400);
    expect(badEvent.json).toEqual({
      error: 'invalid_event',
      message: 'events[1]: column platform: expected a string or null, got 42',
      index: 1,
      field: 'platform',
    });
    expect((await call(service, '/v1/events', { events: [] })).status).toBe(400);
    const accepted = await call(service, '/v1/events?wait=true', {
      events: [{ ...lines[0], tracker_created_at: '2023-02-01 23:59:59+00:00', has_been_opened: true }],
    });
    expect(accepted).toMatchObject({
      status: 202,
      json: { accepted: 1, duplicates: 0, pending: 0, live: { events: 1 } },
    });
    expect((await call(service, '/nowhere')).json).toEqual({
      error: 'not_found',
      message: 'no route GET /nowhere',
    });
    // No answer carries a stack trace.
    for (const r of [invalidJson, huge, badEvent]) expect(r.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('exposes Prometheus metrics and the OpenAPI document', async () => {
    const service = await start();
    await service.loaded();
    const { lines } = await smallLog();
    await call(service, '/v1/feed/u1');
    await call(service, '/v1/events', {
      events: [
        { ...lines[0], tracker_created_at: '2023-02-01 23:00:00+00:00', has_been_opened: true },
        { ...lines[0], tracker_created_at: '2023-02-01 23:30:00+00:00', has_been_opened: false },
      ],
    });
    const metrics = (await call(service, '/metrics')).text;
    expect(metrics).toMatch(
      /wemoms_http_requests_total\{route="\/v1\/feed\/:userId",method="GET",status="200"\} 1/,
    );
    expect(metrics).toMatch(
      /wemoms_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/feed\/:userId"/,
    );
    expect(metrics).toMatch(/wemoms_feed_items_served_total\{mode="batch"\} 2/);
    expect(metrics).toMatch(/wemoms_impressions_total 2/);
    expect(metrics).toMatch(/wemoms_opens_total 1/);
    expect(metrics).toMatch(/wemoms_live_ctr 0.5/);
    expect(metrics).toMatch(/wemoms_model_info\{name="fake",version="v1"\} 1/);
    expect(metrics).toMatch(/process_resident_memory_bytes \d+/);
    const openapi = (await call(service, '/openapi.json')).json as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths).sort()).toEqual(
      ['/healthz', '/readyz', '/v1/admin/reload', '/v1/events', '/v1/feed/{userId}', '/v1/rank'].sort(),
    );
  });

  it('reloads the engine without failing a request, replaying the events received', async () => {
    let version = 1;
    const service = await start({ loadEngine: () => engine(`v${version}`) });
    await service.loaded();
    const { view, lines } = await smallLog();
    await call(service, '/v1/events?wait=true', {
      events: [{ ...lines[3], tracker_created_at: '2023-02-01 22:00:00+00:00' }],
    });
    const user = view.log.columns.user_id.dictionary[0];
    version = 2;
    const requests: Promise<{ status: number; json: Record<string, unknown> }>[] = [];
    const reloaded = call(service, '/v1/admin/reload', {});
    for (let i = 0; i < 40; i++) {
      requests.push(call(service, '/v1/rank', { user_id: user, at: '2023-01-20 09:30:00+00:00' }));
      requests.push(call(service, '/v1/feed/u1'));
    }
    const reload = await reloaded;
    expect(reload.status).toBe(200);
    expect(reload.json).toMatchObject({ status: 'reloaded', model: { version: 'v2' }, events: 1 });
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect((await call(service, '/v1/rank', { user_id: user })).json).toMatchObject({
      model: { version: 'v2' },
      live: { events: 1 },
    });
    // A failed reload keeps the previous engine serving.
    const broken = await start({
      loadEngine: (() => {
        let n = 0;
        return () => (n++ === 0 ? engine('ok') : Promise.reject(new Error('model.json: truncated')));
      })(),
    });
    await broken.loaded();
    const failed = await call(broken, '/v1/admin/reload', {});
    expect(failed).toMatchObject({ status: 500, json: { error: 'reload_failed' } });
    expect(failed.json.message as string).toMatch(/still serving the previous model: model.json: truncated/);
    expect((await call(broken, '/readyz')).json).toMatchObject({ status: 'ready', model: { version: 'ok' } });
  });

  it('closes gracefully: in-flight requests finish, new ones are refused', async () => {
    let answer: (lookup: FeedLookup) => void = () => {};
    let invoked: () => void = () => {};
    const started = new Promise<void>((resolve) => (invoked = resolve));
    const slowStore = memoryStore(() => {
      invoked();
      return new Promise((resolve) => (answer = resolve));
    });
    const service = await start({ store: slowStore });
    await service.loaded();
    const inFlight = call(service, '/v1/feed/u1');
    await started;
    const closing = service.close();
    services.splice(services.indexOf(service), 1);
    setTimeout(() => answer({ snapshot: SNAPSHOT, body: STORED, items: 2 }), 100);
    const done = await inFlight;
    expect(done.json).toEqual(expect.objectContaining({ user_id: 'u1' }));
    expect(done.status).toBe(200);
    await closing;
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
  });
});
