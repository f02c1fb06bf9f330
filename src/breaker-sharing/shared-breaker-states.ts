import type { SharedBreakerState } from '../runner/circuit-breaker.js';

/** Where the gateway processes of one store share their circuit breakers' states, one row (or hash field) per system. */
export interface SharedBreakerStates {
  /** Records a change; an older change than the one recorded is ignored (the latest `changedAtMs` wins). */
  publish(system: string, state: SharedBreakerState): Promise<void>;
  /** Every system's latest recorded state. */
  read(): Promise<Record<string, SharedBreakerState>>;
  close(): Promise<void>;
}
