import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { UNMATCHED_ROUTE, type HttpMetrics } from '../metrics/http-metrics.js';
import type { AppEnv } from './env.js';

/** The pattern of the app-wide middleware: the last route a request matched when it matched none of its own. */
const APP_WIDE = '/*';

/**
 * Counts and times every request under the route pattern it matched
 * (`/v1/applications/:id`), never its path, which holds application ids.
 * Registered first, so it times everything the other middleware does too.
 */
export function recordRequestMetrics(metrics: HttpMetrics): MiddlewareHandler<AppEnv> {
  return async function recordRequestMetricsMiddleware(c, next) {
    const started = performance.now();
    await next();
    const route = routePath(c, -1);
    metrics.record(c.req.method, route === APP_WIDE || route === '' ? UNMATCHED_ROUTE : route, c.res.status, (performance.now() - started) / 1000);
  };
}
