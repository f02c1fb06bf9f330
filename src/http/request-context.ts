import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import type { AppEnv } from './env.js';

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a sane token,
 * a new UUID otherwise), echoes it, and logs one line per request with a child
 * logger. Paths (or the pattern a route logs instead, see log-path.ts) and statuses only: bodies and headers stay out of the log.
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('caller', undefined);
    c.set('logPath', undefined);
    const started = performance.now();
    await next();
    // On the response's own headers: c.header() after the route answered would build the response again.
    c.res.headers.set('x-request-id', requestId);
    const status = c.res.status;
    const line = { method: c.req.method, path: c.get('logPath') ?? c.req.path, status, ms: Math.round(performance.now() - started), client: c.get('caller')?.id };
    if (status >= 500) log.error(line, 'request failed');
    else log.info(line, 'request');
  };
}
