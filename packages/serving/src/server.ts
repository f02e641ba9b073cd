/**
 * The feed service (Fastify): batch feed lookups from the feed store, online ranking against the live
 * log, event ingestion, health, readiness, Prometheus metrics and the OpenAPI document. Model and log
 * snapshot come from an engine the host loads (`loadEngine`), again on reload; the swap is one
 * assignment, so requests in flight finish on the engine they started with and none is dropped.
 */
import swagger from '@fastify/swagger';
import type { FeedStore, SnapshotInfo } from '@wemoms/feed-store';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ModelInfo, ServingEngine } from './engine.js';
import { HttpError, installErrorHandlers, sendOnce } from './errors.js';
import { LiveLog, type LiveView } from './live-log.js';
import { createMetrics, type ServiceMetrics } from './metrics.js';
import { rankOnline } from './online.js';
import { eventsSchema, feedSchema, healthSchema, rankSchema, readySchema, reloadSchema } from './schemas.js';

export interface ServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Where GET /v1/feed reads; null: no batch feeds (404 with a message). */
  readonly store: FeedStore | null;
  /** Loads the model and the log snapshot (at start and on every reload). */
  readonly loadEngine: () => Promise<ServingEngine>;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly maxEvents: number;
  readonly maxCandidates: number;
  readonly refreshIntervalMs: number;
  /** Default posts per online ranking (top_k overrides). */
  readonly topK: number;
  readonly logger?: FastifyServerOptions['logger'];
  /** The clock of online requests without `at`, UTC epoch µs (tests pin it). */
  readonly now?: () => number;
}

export interface FeedService {
  readonly app: FastifyInstance;
  /** `http://host:port`. */
  readonly url: string;
  readonly metrics: ServiceMetrics;
  /** Reloads model and snapshot (coalesced), replaying the events received so far onto the new snapshot. */
  reload(): Promise<{ model: ModelInfo; snapshot: string; events: number }>;
  /** Resolves when the first engine is loaded; rejects with the reason it could not be. */
  loaded(): Promise<void>;
  /** Stops accepting, lets in-flight requests finish, closes the store. */
  close(): Promise<void>;
}

interface State {
  engine: ServingEngine | null;
  live: LiveLog | null;
  loadError: string | null;
  closing: boolean;
}

// A pure memo: the JSON text of an immutable SnapshotInfo, the same whether cached or not.
const snapshotJson = new WeakMap<SnapshotInfo, string>();

/** The stored body framed as the feed response, without parsing it. */
function feedResponse(userId: string, snapshot: SnapshotInfo, body: string): string {
  let meta = snapshotJson.get(snapshot);
  if (meta === undefined) {
    meta = JSON.stringify({
      id: snapshot.id,
      model: snapshot.model,
      generated_at: snapshot.generated_at,
      published_at: snapshot.published_at,
      users: snapshot.users,
    });
    snapshotJson.set(snapshot, meta);
  }
  return `{"user_id":${JSON.stringify(userId)},"date":"${snapshot.date}","snapshot":${meta},${body.slice(1)}`;
}

function liveOf(view: LiveView) {
  return { version: view.version, events: view.events, rows: view.log.length };
}

/** Builds the service and starts listening; the engine loads in the background (/readyz says when). */
export async function startFeedService(options: ServerOptions): Promise<FeedService> {
  const metrics = createMetrics();
  const state: State = { engine: null, live: null, loadError: null, closing: false };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes,
    // Whole-request receive deadline (slow clients); the handler deadline is the onRequest timer below.
    requestTimeout: options.requestTimeoutMs * 2,
    connectionTimeout: 0,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // No type coercion: `{"user_id": 5}` is a 400, not the user "5".
    // and unknown fields are a 400, not silently removed.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });
  installErrorHandlers(app, options.bodyLimitBytes);

  const timers = new WeakMap<object, NodeJS.Timeout>();
  app.addHook('onRequest', async (request, reply) => {
    timers.set(
      request,
      setTimeout(() => {
        sendOnce(reply, 503, {
          error: 'timeout',
          message: `no answer within ${options.requestTimeoutMs} ms`,
        });
      }, options.requestTimeoutMs),
    );
  });
  // While closing, end each kept-alive connection after its response: app.close() waits for them.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (state.closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    clearTimeout(timers.get(request));
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'WeMoms feed service',
        version: '1.0.0',
        description:
          "The top 10 of yesterday's posts per user: stored by `wemoms publish` (batch) or ranked live (online).",
      },
    },
  });

  const requireEngine = (): { engine: ServingEngine; live: LiveLog } => {
    if (state.closing) throw new HttpError(503, 'shutting_down', 'the service is shutting down');
    if (state.engine === null || state.live === null) {
      throw new HttpError(
        503,
        'not_ready',
        state.loadError === null
          ? 'the model and log snapshot are still loading'
          : `model not loaded: ${state.loadError}`,
      );
    }
    return { engine: state.engine, live: state.live };
  };

  app.get('/healthz', { schema: healthSchema }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: readySchema }, async (_request, reply) => {
    const reasons: string[] = [];
    if (state.closing) reasons.push('shutting down');
    if (state.engine === null) reasons.push(state.loadError ?? 'model and log snapshot loading');
    let store: Record<string, unknown> | null = null;
    if (options.store !== null) {
      try {
        await options.store.ping();
        store = { kind: options.store.kind, url: options.store.description };
      } catch (error) {
        reasons.push(`feed store ${options.store.description}: ${(error as Error).message}`);
      }
    }
    if (reasons.length > 0) return sendOnce(reply, 503, { status: 'not_ready', reasons });
    const engine = state.engine as ServingEngine;
    const view = (state.live as LiveLog).view;
    return sendOnce(reply, 200, {
      status: 'ready',
      model: engine.model,
      snapshot: engine.snapshot,
      live: { ...liveOf(view), built_at: view.builtAt.toISOString() },
      store,
    });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get<{ Params: { userId: string }; Querystring: { date?: string } }>(
    '/v1/feed/:userId',
    { schema: feedSchema },
    async (request, reply) => {
      if (options.store === null) {
        throw new HttpError(404, 'not_found', 'no feed store configured (serve.store)');
      }
      if (state.closing) throw new HttpError(503, 'shutting_down', 'the service is shutting down');
      const { userId } = request.params;
      const { date } = request.query;
      let lookup: Awaited<ReturnType<FeedStore['getFeed']>>;
      try {
        lookup = await options.store.getFeed(userId, date);
      } catch (error) {
        throw new HttpError(
          503,
          'store_unavailable',
          `feed store ${options.store.description}: ${(error as Error).message}`,
        );
      }
      if (lookup.snapshot === null) {
        throw new HttpError(
          404,
          'not_found',
          date === undefined ? 'no feed has been published yet' : `no feed published for ${date}`,
        );
      }
      if (lookup.body === null) {
        throw new HttpError(404, 'not_found', `user ${userId} has no feed for ${lookup.snapshot.date}`);
      }
      metrics.itemsServed.inc({ mode: 'batch' }, lookup.items);
      reply.header('content-type', 'application/json; charset=utf-8');
      return sendOnce(reply, 200, feedResponse(userId, lookup.snapshot, lookup.body));
    },
  );

  app.post<{
    Body: { user_id: string; at?: string; platform?: string; candidates?: string[]; top_k?: number };
  }>('/v1/rank', { schema: rankSchema(options.maxCandidates) }, async (request, reply) => {
    const { engine, live } = requireEngine();
    const body = request.body;
    const result = rankOnline(engine, live.view, {
      userId: body.user_id,
      at: body.at ?? null,
      platform: body.platform ?? null,
      candidates: body.candidates ?? null,
      topK: body.top_k ?? options.topK,
      now: options.now ?? (() => Date.now() * 1000),
    });
    metrics.rankingSeconds.observe({ candidates: result.bucket }, result.seconds);
    metrics.itemsServed.inc({ mode: 'online' }, result.response.items.length);
    return sendOnce(reply, 200, result.response);
  });

  app.post<{ Body: { events: unknown[] }; Querystring: { wait?: 'true' | 'false' } }>(
    '/v1/events',
    { schema: eventsSchema(options.maxEvents) },
    async (request, reply) => {
      const { live } = requireEngine();
      const result = live.ingest(request.body.events);
      metrics.impressions.inc(result.accepted);
      metrics.opens.inc(result.opens);
      metrics.duplicateEvents.inc(result.duplicates);
      const view = request.query.wait === 'true' ? await live.fresh() : live.view;
      return sendOnce(reply, 202, {
        accepted: result.accepted,
        duplicates: result.duplicates,
        pending: live.pending,
        live: liveOf(view),
      });
    },
  );

  let reloading: Promise<{ model: ModelInfo; snapshot: string; events: number }> | null = null;
  const install = async (engine: ServingEngine, previous: LiveLog | null) => {
    const live = new LiveLog(engine.base, {
      refreshIntervalMs: options.refreshIntervalMs,
      onRebuild: (view) => {
        metrics.rebuildSeconds.observe(view.rebuildSeconds);
        metrics.liveLogRows.set(view.log.length);
        metrics.liveEvents.set(view.events);
      },
      onError: (error) => app.log.error({ err: error }, 'live log rebuild failed'),
    });
    if (previous !== null && previous.events.length > 0) {
      live.ingest(previous.events);
      await live.fresh();
    }
    const old = state.live;
    state.engine = engine;
    state.live = live;
    state.loadError = null;
    old?.close();
    metrics.modelInfo.reset();
    metrics.modelInfo.set({ name: engine.model.name, version: engine.model.version }, 1);
    metrics.liveLogRows.set(live.view.log.length);
    metrics.liveEvents.set(live.view.events);
  };
  const reload = () => {
    reloading ??= (async () => {
      try {
        const engine = await options.loadEngine();
        await install(engine, state.live);
        return {
          model: engine.model,
          snapshot: engine.snapshot,
          events: (state.live as LiveLog).view.events,
        };
      } finally {
        reloading = null;
      }
    })();
    return reloading;
  };

  app.post('/v1/admin/reload', { schema: reloadSchema }, async (_request, reply) => {
    if (state.closing) throw new HttpError(503, 'shutting_down', 'the service is shutting down');
    try {
      return sendOnce(reply, 200, { status: 'reloaded', ...(await reload()) });
    } catch (error) {
      throw new HttpError(
        500,
        'reload_failed',
        `reload failed, still serving the previous model: ${(error as Error).message}`,
      );
    }
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  // Load in the background: /healthz answers at once, /readyz turns 200 when loaded.
  const first = reload();
  const initial = first.catch((error: Error) => {
    state.loadError = error.message;
    app.log.error({ err: error }, 'loading the model or the log snapshot failed');
    return null;
  });

  return {
    app,
    url: `http://${host}:${port}`,
    metrics,
    reload,
    loaded: async () => {
      await first;
    },
    async close() {
      state.closing = true;
      await initial;
      state.live?.close();
      await app.close();
      await options.store?.close();
    },
  };
}
