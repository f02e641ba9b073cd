/**
 * JSON schemas of the routes: Fastify validates requests with them (ajv) and serialises responses with
 * them, and /openapi.json is generated from them, so the document and the checks cannot disagree.
 */
const error = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'machine-readable code: bad_request, not_found, ...' },
    message: { type: 'string' },
    field: { type: ['string', 'null'] },
    index: { type: 'integer' },
  },
} as const;

const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [code, error]));

const item = {
  type: 'object',
  required: ['rank', 'trackable_id', 'score'],
  properties: { rank: { type: 'integer' }, trackable_id: { type: 'string' }, score: { type: 'number' } },
} as const;

const model = {
  type: 'object',
  required: ['name', 'version'],
  properties: { name: { type: 'string' }, version: { type: 'string' } },
} as const;

const DAY = '^\\d{4}-\\d{2}-\\d{2}$';

export const feedSchema = {
  summary: "A user's stored top 10 (batch mode: published by `wemoms publish`)",
  tags: ['batch'],
  params: {
    type: 'object',
    required: ['userId'],
    properties: { userId: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      date: { type: 'string', pattern: DAY, description: 'the feed day; default: the latest published day' },
    },
  },
  response: {
    200: {
      type: 'object',
      description:
        'user_id, date, snapshot {id, model, generated_at, published_at, users}, candidate_time, candidates, items',
      properties: {
        user_id: { type: 'string' },
        date: { type: 'string' },
        snapshot: { type: 'object', additionalProperties: true },
        candidate_time: { type: 'string' },
        candidates: { type: 'integer' },
        items: { type: 'array', items: item },
      },
    },
    ...errors(400, 404, 503),
  },
} as const;

export function rankSchema(maxCandidates: number) {
  return {
    summary: 'Online ranking: the top posts for a user now, from the live log (snapshot + events)',
    tags: ['online'],
    body: {
      type: 'object',
      required: ['user_id'],
      additionalProperties: false,
      properties: {
        user_id: { type: 'string', minLength: 1, maxLength: 200 },
        at: {
          type: 'string',
          minLength: 10,
          maxLength: 40,
          description:
            'the ranking instant (`2023-01-29 08:00:00+00:00` or ISO 8601); default: now. Candidates are the posts created the day before',
        },
        platform: {
          type: 'string',
          minLength: 1,
          maxLength: 40,
          description: "the request's platform (ios, android): replaces the user's logged platform feature",
        },
        candidates: {
          type: 'array',
          maxItems: maxCandidates,
          items: { type: 'string', minLength: 1, maxLength: 200 },
          description: "post ids to rank instead of the day before's posts",
        },
        top_k: {
          type: 'integer',
          minimum: 1,
          maximum: 100_000,
          description: 'posts returned (default: rank.topK)',
        },
      },
    },
    response: {
      200: {
        type: 'object',
        properties: {
          user_id: { type: 'string' },
          at: { type: 'string' },
          model,
          live: {
            type: 'object',
            properties: {
              version: { type: 'integer' },
              events: { type: 'integer' },
              rows: { type: 'integer' },
            },
          },
          context: {
            type: 'object',
            properties: {
              platform: { type: ['string', 'null'] },
              hour_of_day: { type: 'integer' },
            },
          },
          candidates: { type: 'integer' },
          unknown_candidates: { type: 'array', items: { type: 'string' } },
          items: { type: 'array', items: item },
          ranking_ms: { type: 'number' },
        },
      },
      ...errors(400, 404, 413, 503),
    },
  } as const;
}

export function eventsSchema(maxEvents: number) {
  return {
    summary: 'Ingest impressions and opens (raw log rows) into the live log online ranking reads',
    tags: ['online'],
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        wait: {
          type: 'string',
          enum: ['true', 'false'],
          description:
            'answer once the events are in the features (rebuild now) instead of within refreshIntervalMs',
        },
      },
    },
    body: {
      type: 'object',
      required: ['events'],
      additionalProperties: false,
      properties: {
        events: {
          type: 'array',
          minItems: 1,
          maxItems: maxEvents,
          items: { type: 'object', description: "one raw log row (the reader's schema, DESIGN section 4)" },
        },
      },
    },
    response: {
      202: {
        type: 'object',
        properties: {
          accepted: { type: 'integer' },
          duplicates: { type: 'integer' },
          pending: { type: 'integer' },
          live: {
            type: 'object',
            properties: {
              version: { type: 'integer' },
              events: { type: 'integer' },
              rows: { type: 'integer' },
            },
          },
        },
      },
      ...errors(400, 413, 503),
    },
  } as const;
}

export const healthSchema = {
  summary: 'Liveness: the process answers',
  tags: ['operations'],
  response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
} as const;

export const readySchema = {
  summary: 'Readiness: model, log snapshot and feed store loaded',
  tags: ['operations'],
  response: {
    200: { type: 'object', additionalProperties: true },
    503: { type: 'object', additionalProperties: true },
  },
} as const;

export const reloadSchema = {
  summary: 'Reload the model and the log snapshot from disk (requests keep being served meanwhile)',
  tags: ['operations'],
  response: { 200: { type: 'object', additionalProperties: true }, ...errors(500, 503) },
} as const;
