/**
 * One online ranking request: the user's candidates (the posts created the day before the request
 * instant, or the given list) as a one-group TestGroups, ranked by the engine against the live view at
 * that instant, so with no events it is exactly `wemoms rank`'s group for the same user and instant.
 */
import { formatTimestampMicros, MICROS_PER_DAY, parseTimestampMicros, utcDay } from '@wemoms/data-schema';
import { postsCreatedOn, type TestGroups } from '@wemoms/dataset';
import type { RankedItem, ServingEngine } from './engine.js';
import { HttpError } from './errors.js';
import type { LiveView } from './live-log.js';
import { candidateBucket } from './metrics.js';

export interface OnlineRequest {
  readonly userId: string;
  /** Timestamp text, null: now. */
  readonly at: string | null;
  readonly platform: string | null;
  readonly candidates: readonly string[] | null;
  readonly topK: number;
  readonly now: () => number;
}

export interface OnlineResponse {
  user_id: string;
  at: string;
  model: { name: string; version: string };
  live: { version: number; events: number; rows: number };
  context: { platform: string | null; hour_of_day: number };
  candidates: number;
  unknown_candidates: string[];
  items: RankedItem[];
  ranking_ms: number;
}

/** The request's candidate post codes, ascending by post id (the order expandCandidates expects). */
function listedCandidates(view: LiveView, ids: readonly string[]): { posts: Int32Array; unknown: string[] } {
  const unknown: string[] = [];
  const seen = new Set<number>();
  for (const id of ids) {
    const code = view.postCode(id);
    if (code < 0) unknown.push(id);
    else seen.add(code);
  }
  const rank = view.catalog.postRank;
  const posts = Int32Array.from(seen).sort((a, b) => rank[a] - rank[b]);
  return { posts, unknown };
}

/** Ranks one request; throws HttpError 400 (bad instant) or 404 (unknown user). */
export function rankOnline(
  engine: ServingEngine,
  view: LiveView,
  request: OnlineRequest,
): { response: OnlineResponse; seconds: number; bucket: string } {
  const started = performance.now();
  const user = view.userCode(request.userId);
  if (user < 0) {
    throw new HttpError(
      404,
      'not_found',
      `unknown user ${request.userId}: no impression in the log or the events received`,
    );
  }
  const time = request.at === null ? request.now() : parseTimestampMicros(request.at);
  if (Number.isNaN(time)) {
    throw new HttpError(
      400,
      'bad_request',
      `at: expected a timestamp like 2023-01-29 08:00:00+00:00, got ${JSON.stringify(request.at)}`,
      {
        field: 'at',
      },
    );
  }
  const day = utcDay(time);
  let posts: Int32Array;
  let unknown: string[] = [];
  if (request.candidates === null) posts = postsCreatedOn(view.catalog, day - 1);
  else ({ posts, unknown } = listedCandidates(view, request.candidates));
  let items: RankedItem[] = [];
  if (posts.length > 0) {
    const groups: TestGroups = {
      grouping: 'serving',
      day,
      candidates: request.candidates === null ? 'previousDayPosts' : 'labelledPosts',
      length: 1,
      groupId: Int32Array.of(0),
      user: Int32Array.of(user),
      time: Float64Array.of(time),
      offsets: Int32Array.of(0, request.candidates === null ? 0 : posts.length),
      post: request.candidates === null ? new Int32Array(0) : posts,
      label: new Uint8Array(request.candidates === null ? 0 : posts.length),
    };
    [items] = engine.rank(view, groups, { platform: request.platform }, request.topK);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    bucket: candidateBucket(posts.length),
    response: {
      user_id: request.userId,
      at: formatTimestampMicros(time),
      model: engine.model,
      live: { version: view.version, events: view.events, rows: view.log.length },
      context: {
        platform: request.platform,
        hour_of_day: Math.floor((((time % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY) / 3.6e9),
      },
      candidates: posts.length,
      unknown_candidates: unknown,
      items,
      ranking_ms: +(seconds * 1000).toFixed(3),
    },
  };
}
