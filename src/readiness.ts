/** A dependency the readiness probe asks; false or a throw means not ready. */
export type ReadinessCheck = {
  name: string;
  check: () => Promise<boolean>;
  /** The problem type code `/readyz` answers with when this check is the first to fail; `not-ready` when absent. */
  problem?: string;
};

/** What `/readyz` asks, one named entry per dependency that must be in place before traffic. */
export function readinessChecks(dependencies: {
  /** Whether the store takes writes. */
  store: () => Promise<boolean>;
  /** Absent when the evidence checks are supplied from outside (then nothing here checks signatures). */
  isRevocationCurrent: (() => boolean) | undefined;
}): ReadinessCheck[] {
  const { store, isRevocationCurrent } = dependencies;
  return [
    { name: 'store', check: store, problem: 'storage-unavailable' },
    ...(isRevocationCurrent ? [{ name: 'revocation', check: async () => isRevocationCurrent() }] : []),
  ];
}
