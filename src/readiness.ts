import type { Store } from './store/types.js';

/** A dependency the readiness probe asks; false or a throw means not ready. */
export type ReadinessCheck = { name: string; check: () => Promise<boolean> };

/** What `/readyz` asks, one named entry per dependency that must be in place before traffic. */
export function readinessChecks(dependencies: {
  store: Store;
  /** Absent when the evidence checks are supplied from outside (then nothing here checks signatures). */
  isRevocationCurrent: (() => boolean) | undefined;
}): ReadinessCheck[] {
  const { store, isRevocationCurrent } = dependencies;
  return [
    { name: 'store', check: () => store.ping() },
    ...(isRevocationCurrent ? [{ name: 'revocation', check: async () => isRevocationCurrent() }] : []),
  ];
}
