import type { MiddlewareHandler } from 'hono';
import { NotFoundError } from '../errors.js';

/** What a process of role `runner` answers: whether it is up and ready, and its metrics. */
const OPERATIONS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * A process of role `runner` runs the background work and answers only the
 * operations endpoints; everything else is 404 problem+json saying so, so a
 * load balancer pointed at it by mistake shows at once.
 */
export function runnerRolePaths(): MiddlewareHandler {
  return async (c, next) => {
    if (!OPERATIONS_PATHS.has(c.req.path)) {
      throw new NotFoundError('not-found', 'This gateway process runs the background work only (role runner): it answers /healthz, /readyz and /metrics. Send API requests to a process of role api or all.');
    }
    await next();
  };
}
