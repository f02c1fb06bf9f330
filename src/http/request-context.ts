import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { knownSafeFieldsLogger, type Logger } from '../logger.js';
import type { AppEnv } from './env.js';

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * What a route may add to its request's log line. Typed field by field so that
 * nothing but ids and flags can get there: the line is written without
 * redaction (see knownSafeFieldsLogger).
 */
export interface RequestLogFields {
  applicationId?: string;
  procedureId?: string;
  /** The submission repeated an earlier one under the same Idempotency-Key. */
  replayed?: boolean;
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a sane token,
 * a new UUID otherwise), echoes it, hands routes a child logger that carries it,
 * and writes one line per request. Paths (or the pattern a route logs instead,
 * see log-path.ts), statuses, the client id and the route's `requestLogFields`
 * only: bodies and headers stay out of the log, which is why the line can skip
 * redaction.
 */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  const requestLog = knownSafeFieldsLogger(logger);
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('log', logger.child({ requestId }));
    c.set('caller', undefined);
    c.set('logPath', undefined);
    c.set('requestLogFields', undefined);
    const started = performance.now();
    await next();
    // On the response's own headers: c.header() after the route answered would build the response again.
    c.res.headers.set('x-request-id', requestId);
    const status = c.res.status;
    const line = {
      requestId,
      method: c.req.method,
      path: c.get('logPath') ?? c.req.path,
      status,
      ms: Math.round(performance.now() - started),
      client: c.get('caller')?.id,
      ...c.get('requestLogFields'),
    };
    if (status >= 500) requestLog.error(line, 'request failed');
    else requestLog.info(line, 'request');
  };
}
