/**
 * Every error answer is JSON `{error, message}` with the right status; a stack trace never leaves the
 * process (unexpected errors are logged with it and answered 500 "internal error").
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { EventError } from './live-log.js';

/** An expected failure with its HTTP status and code (`not_found`, `not_ready`, ...). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Further fields of the JSON body, after `error` and `message` (e.g. `{field: 'at'}`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  [key: string]: unknown;
}

/** The status and body of any thrown value. */
export function errorResponse(
  error: unknown,
  bodyLimit: number,
): { status: number; body: ErrorBody; unexpected: boolean } {
  if (error instanceof HttpError) {
    return {
      status: error.statusCode,
      body: { error: error.code, message: error.message, ...error.details },
      unexpected: false,
    };
  }
  if (error instanceof EventError) {
    return {
      status: 400,
      body: { error: 'invalid_event', message: error.message, index: error.index, field: error.field },
      unexpected: false,
    };
  }
  const e = error as FastifyError;
  if (e?.validation) {
    return { status: 400, body: { error: 'bad_request', message: e.message }, unexpected: false };
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      status: 413,
      body: { error: 'payload_too_large', message: `request body larger than the ${bodyLimit}-byte limit` },
      unexpected: false,
    };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: invalid JSON, unsupported media type, empty body...
    return { status, body: { error: 'bad_request', message: e.message }, unexpected: false };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'internal error (logged by the service)' },
    unexpected: true,
  };
}

/** Sends `body` unless the reply is gone (the request timed out and was answered 503 already). */
export function sendOnce(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  if (!reply.sent) reply.code(status).send(body);
  return reply;
}

export function installErrorHandlers(
  app: {
    setErrorHandler(
      handler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void,
    ): unknown;
    setNotFoundHandler(handler: (request: FastifyRequest, reply: FastifyReply) => void): unknown;
  },
  bodyLimit: number,
): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body, unexpected } = errorResponse(error, bodyLimit);
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    sendOnce(reply, status, body);
  });
  app.setNotFoundHandler((request, reply) => {
    sendOnce(reply, 404, {
      error: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    });
  });
}
