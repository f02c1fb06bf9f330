import type { Context, MiddlewareHandler } from 'hono';
import { RateLimitedError } from '../errors.js';
import type { RatePolicy } from '../rate-limit/gcra.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { AppEnv } from './env.js';

/** A policy in words for API descriptions, e.g. `3000 per 60 s, 500 at once`. */
export function describePolicy(policy: RatePolicy): string {
  return `${policy.limit} per ${policy.windowSeconds} s, ${policy.burst} at once`;
}

/** Whose bucket a request draws on (a bounded key: a client id or an address) and under which policy; undefined: not limited. */
export type RateSubjectOf = (c: Context<AppEnv>) => { key: string; policy: RatePolicy } | undefined;

/**
 * Limits a route under the policy `name`, and tells the caller where it stands
 * in the RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10):
 * `q` requests per `w` seconds, `r` left now, `t` seconds until the bucket is
 * full. Over the limit: 429 with Retry-After, before the body is read. If the
 * limiter itself fails (Redis unreachable) the request passes and the failure
 * is logged: a limit protects the service, and must not be what takes it down.
 */
export function limitRate(name: string, limiter: RateLimiter, subjectOf: RateSubjectOf): MiddlewareHandler<AppEnv> {
  return async function limitRateMiddleware(c, next) {
    const subject = subjectOf(c);
    if (!subject) return next();
    const { key, policy } = subject;
    let decision;
    try {
      decision = await limiter.take(`${name}:${key}`, policy);
    } catch (error) {
      c.get('log').warn({ err: error, limit: name }, 'rate limiter unavailable; request let through');
      return next();
    }
    c.header('ratelimit-policy', `"${name}";q=${policy.limit};w=${policy.windowSeconds}`);
    c.header('ratelimit', `"${name}";r=${decision.remaining};t=${Math.ceil(decision.resetMs / 1000)}`);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new RateLimitedError('rate-limited', `More than ${policy.limit} ${name} per ${policy.windowSeconds} s (at most ${policy.burst} at once); retry after ${seconds} s.`, seconds);
    }
    return next();
  };
}
