import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AppEnv } from './env.js';

/** Node's error when the client closes the connection before its request body is complete. */
function isClientAbort(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.message === 'aborted' && (current as NodeJS.ErrnoException).code === 'ECONNRESET') return true;
  }
  return false;
}

/**
 * 503 problems that are part of a protocol rather than a failure: the caller came
 * a moment early and is told, with Retry-After, to send the same request again.
 * `reply-too-early`: a core system answered a message before the runner started
 * waiting for the answer.
 */
const RETRY_SHORTLY = new Set(['reply-too-early']);

/**
 * Logs a request that ended in a 5xx problem of `status`. Expected conditions — the client
 * went away, a caller told to retry shortly, a dependency the gateway reports as
 * unavailable — are one line without a stack (the stack says nothing about
 * them); anything else is an unhandled error and keeps its stack.
 */
export function logRequestError(c: Context<AppEnv>, logger: Logger, error: unknown, status: number): void {
  const log = c.get('log') ?? logger;
  const route = routePath(c, -1);
  const requestId = c.get('requestId');
  if (isClientAbort(error)) log.info({ event: 'client-aborted', requestId, route }, 'the client closed the connection before the request was complete');
  else if (error instanceof GatewayError && RETRY_SHORTLY.has(error.code)) log.info({ event: 'request-deferred', code: error.code, requestId, route }, 'request deferred: the caller is told to send it again shortly');
  else if (error instanceof GatewayError && status !== 500) log.warn({ event: 'request-refused', code: error.code, requestId, route }, 'request refused: a dependency is unavailable');
  else log.error({ err: error }, 'unhandled error');
}
