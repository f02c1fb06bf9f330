import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './env.js';

/**
 * CORS for the configured frontend origins. Only a request that carries an
 * `Origin` header goes through hono's CORS middleware: a request without one
 * (a server, curl, a same-origin GET) gets no CORS header to act on, and the
 * middleware's headers, set before the route answers, made every response be
 * built a second time (at 1,000 submissions a second, a few per cent of the
 * gateway's CPU). Every response still says `Vary: Origin`, so a cache never
 * serves an answer made for one origin to another.
 */
export function corsForOrigins(origins: string[]): MiddlewareHandler<AppEnv> {
  const withCors = cors({
    origin: origins,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Access-Token', 'X-Request-Id'],
    exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
  return async function corsMiddleware(c, next) {
    if (c.req.header('origin') !== undefined) return withCors(c, next);
    await next();
    c.res.headers.append('vary', 'Origin');
  };
}
