import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { problemCodeOf } from './problem.js';

/**
 * Tells `refused` the problem type code of every error answer of the route it
 * guards, whichever of the route's handlers threw. Goes first in the route's chain.
 */
export function countRefusals(refused: (problemCode: string) => void): MiddlewareHandler<AppEnv> {
  return async function countRefusalsMiddleware(c, next) {
    await next();
    if (c.error) refused(problemCodeOf(c.error));
  };
}
