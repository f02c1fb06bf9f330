/** The store's own life: readiness checks and closing. */
export interface StoreLifecycle {
  /** true when the store answers (readiness). */
  ping(): Promise<boolean>;
  /** Writes one tiny record durably, as any write would be: readiness uses it to see whether writes succeed again. */
  probeWrite(now: string): Promise<void>;
  close(): Promise<void>;
}
