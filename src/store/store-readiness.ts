import type { StoreHealth } from './store-health.js';
import type { Store } from './types.js';

/**
 * Whether the store is ready for traffic. Without an open incident: it
 * answers. During one: a probe write, so the gateway sees the store recover
 * without waiting for a client's write; the probe succeeding closes the
 * incident. `store` must be the watched store that reports to `health`.
 */
export async function storeIsReady(store: Store, health: StoreHealth, clock: () => Date): Promise<boolean> {
  if (health.available) return store.ping();
  await store.probeWrite(clock().toISOString()).catch(() => undefined);
  return health.available;
}
