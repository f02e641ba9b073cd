/**
 * The service's Prometheus metrics (prom-client, one registry per server): requests and latency per
 * route, online ranking latency, feed items served, ingested impressions and opens and the live CTR
 * they give, the live log's size and rebuilds, the loaded model, and the process's own metrics (memory,
 * event-loop lag) for soak tests and dashboards.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface ServiceMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'route' | 'method' | 'status'>;
  readonly requestSeconds: Histogram<'route' | 'method'>;
  readonly rankingSeconds: Histogram<'candidates'>;
  readonly itemsServed: Counter<'mode'>;
  readonly impressions: Counter;
  readonly opens: Counter;
  readonly duplicateEvents: Counter;
  readonly liveCtr: Gauge;
  readonly liveLogRows: Gauge;
  readonly liveEvents: Gauge;
  readonly rebuildSeconds: Histogram;
  readonly modelInfo: Gauge<'name' | 'version'>;
}

/** A fresh registry with every metric of the service (and the default process metrics). */
export function createMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const impressions = new Counter({
    name: 'wemoms_impressions_total',
    help: 'Impression events ingested by POST /v1/events (duplicates excluded)',
    registers,
  });
  const opens = new Counter({
    name: 'wemoms_opens_total',
    help: 'Ingested impression events that were opened',
    registers,
  });
  return {
    registry,
    requests: new Counter({
      name: 'wemoms_http_requests_total',
      help: 'HTTP requests by route, method and status code',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    requestSeconds: new Histogram({
      name: 'wemoms_http_request_duration_seconds',
      help: 'HTTP request latency by route (from request received to response sent)',
      labelNames: ['route', 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    rankingSeconds: new Histogram({
      name: 'wemoms_ranking_duration_seconds',
      help: 'Online ranking time (features, model, ranking) per request, by candidate count bucket',
      labelNames: ['candidates'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    itemsServed: new Counter({
      name: 'wemoms_feed_items_served_total',
      help: 'Ranked posts returned, by mode (batch: stored feed, online: POST /v1/rank)',
      labelNames: ['mode'],
      registers,
    }),
    impressions,
    opens,
    duplicateEvents: new Counter({
      name: 'wemoms_duplicate_events_total',
      help: 'Ingested events ignored because the log or an earlier request already had them',
      registers,
    }),
    liveCtr: new Gauge({
      name: 'wemoms_live_ctr',
      help: 'Opens / impressions over the events ingested since the service started',
      registers,
      async collect() {
        const shown = (await impressions.get()).values[0]?.value ?? 0;
        const opened = (await opens.get()).values[0]?.value ?? 0;
        this.set(shown > 0 ? opened / shown : 0);
      },
    }),
    liveLogRows: new Gauge({
      name: 'wemoms_live_log_rows',
      help: 'Rows of the log online ranking reads (snapshot + events)',
      registers,
    }),
    liveEvents: new Gauge({
      name: 'wemoms_live_log_events',
      help: 'Ingested events included in the live log view',
      registers,
    }),
    rebuildSeconds: new Histogram({
      name: 'wemoms_live_log_rebuild_duration_seconds',
      help: 'Time to rebuild the live log view (snapshot + events -> catalog -> feature context)',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    modelInfo: new Gauge({
      name: 'wemoms_model_info',
      help: 'The loaded model (value 1), by name and version',
      labelNames: ['name', 'version'],
      registers,
    }),
  };
}

/** The candidate-count label of the ranking histogram (a few buckets, bounded cardinality). */
export function candidateBucket(candidates: number): string {
  if (candidates <= 100) return '<=100';
  if (candidates <= 1000) return '<=1000';
  if (candidates <= 5000) return '<=5000';
  return '>5000';
}
