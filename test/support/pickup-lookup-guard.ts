import { Registry } from 'prom-client';
import { DEFAULT_PICKUP_CLIENT_FAILURES, DEFAULT_PICKUP_TERMINAL_FAILURES } from '../../src/config.js';
import { createPickupLookupGuard, type PickupLookupGuard, type PickupLookupGuardOptions } from '../../src/http/pickup-lookup-guard.js';
import { PickupLookupMetrics } from '../../src/metrics/pickup-lookup-metrics.js';
import { MemoryRateLimiter } from '../../src/rate-limit/rate-limiter.js';

/** A pickup lookup guard with the configured default limits on an in-memory limiter, and the registry its metrics are in. */
export function testLookupGuard(options: Partial<Pick<PickupLookupGuardOptions, 'limiter' | 'policies'>> = {}): { guard: PickupLookupGuard; registry: Registry } {
  const registry = new Registry();
  const guard = createPickupLookupGuard({
    limiter: options.limiter ?? new MemoryRateLimiter(),
    policies: options.policies ?? { perTerminal: DEFAULT_PICKUP_TERMINAL_FAILURES, perClient: DEFAULT_PICKUP_CLIENT_FAILURES },
    metrics: new PickupLookupMetrics(registry),
  });
  return { guard, registry };
}
