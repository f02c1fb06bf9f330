import type { MiddlewareHandler } from 'hono';
import { ConsoleError } from './console-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a browser says came from another
 * site: `Sec-Fetch-Site` other than `same-origin`, or an `Origin` other than
 * the console's. A request that carries neither is refused too: every browser
 * the console supports sends at least one on a form post. This stops a
 * session cookie from being used from another origin even where SameSite
 * would not (a sibling subdomain is "same-site").
 */
export function requireSameOrigin(consoleOrigin: string): MiddlewareHandler {
  return async function requireSameOriginMiddleware(c, next) {
    if (!SAFE_METHODS.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const sameOrigin = (site === undefined || site === 'same-origin') && (origin === undefined || origin === consoleOrigin) && (site !== undefined || origin !== undefined);
      if (!sameOrigin) throw new ConsoleError(403, 'forbiddenTitle', 'crossSiteBody');
    }
    await next();
  };
}
