import type { MiddlewareHandler } from 'hono';
import { RateLimitedError } from '../errors.js';
import type { RatePolicy } from '../rate-limit/gcra.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { AppEnv } from './env.js';

/** Which limit applies to a client, by client id; undefined: none. */
export type RatePolicyOf = (clientId: string) => RatePolicy | undefined;

/**
 * Limits an authenticated route per client under the policy `name`, and tells
 * the client where it stands in the RateLimit-Policy and RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers-10): `q` requests per `w` seconds,
 * `r` left now, `t` seconds until the bucket is full. Over the limit: 429 with
 * Retry-After. Goes after requireRole. If the limiter itself fails (Redis
 * unreachable) the request passes and the failure is logged: a limit protects
 * the service, and must not be what takes it down.
 */
export function limitRate(name: string, limiter: RateLimiter, policyOf: RatePolicyOf): MiddlewareHandler<AppEnv> {
  return async function limitRateMiddleware(c, next) {
    const caller = c.get('caller')!;
    const policy = policyOf(caller.id);
    if (!policy) return next();
    let decision;
    try {
      decision = await limiter.take(`${name}:${caller.id}`, policy);
    } catch (error) {
      c.get('log').warn({ err: error, limit: name }, 'rate limiter unavailable; request let through');
      return next();
    }
    c.header('ratelimit-policy', `"${name}";q=${policy.limit};w=${policy.windowSeconds}`);
    c.header('ratelimit', `"${name}";r=${decision.remaining};t=${Math.ceil(decision.resetMs / 1000)}`);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new RateLimitedError('rate-limited', 'Too many requests', `More than ${policy.limit} ${name} per ${policy.windowSeconds} s (at most ${policy.burst} at once); retry after ${seconds} s.`, seconds);
    }
    return next();
  };
}
