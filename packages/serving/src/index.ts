/**
 * @wemoms/serving: the WeMoms feed service. Batch mode serves the top 10 `wemoms publish` stored; online
 * mode ranks a user's candidates live against the log snapshot plus the events received since.
 */
export { appendRawTables } from './append-rows.js';
export type { LogView, ModelInfo, RankContext, RankedItem, ServingEngine } from './engine.js';
export { errorResponse, HttpError } from './errors.js';
export {
  EventError,
  type IngestResult,
  LiveLog,
  type LiveLogOptions,
  type LiveView,
  warmFeatureIndexes,
} from './live-log.js';
export { createMetrics, type ServiceMetrics } from './metrics.js';
export { type OnlineRequest, type OnlineResponse, rankOnline } from './online.js';
export { type FeedService, type ServerOptions, startFeedService } from './server.js';
