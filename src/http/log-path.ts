import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

/**
 * The request log names this route by `pattern` rather than by its path: for
 * paths that carry a secret (a pickup code works like a password at the kiosk).
 */
export function logPathAs(pattern: string): MiddlewareHandler<AppEnv> {
  return async function logPathAsMiddleware(c, next) {
    c.set('logPath', pattern);
    return next();
  };
}
