import type { Logger } from '../logger.js';
import type { SharedBreakerState } from '../runner/circuit-breaker.js';
import type { SharedBreakerStates } from './shared-breaker-states.js';

/** What takes the other processes' changes: the route runner. */
export interface BreakerTarget {
  adoptBreakerStates(states: Record<string, SharedBreakerState>): void;
}

/** How often a process reads the other processes' breaker changes. */
export const BREAKER_SYNC_INTERVAL_MS = 1_000;

/**
 * Keeps a process's breakers in step with the shared states: publishes each
 * of its own changes at once and adopts the others' every second. The
 * breakers stay synchronous and in memory (a call's decision never waits on
 * the store); a change made elsewhere is seen here within a second. A failing
 * shared store only makes the breakers per-process again meanwhile.
 */
export class BreakerSync {
  #timer: NodeJS.Timeout | undefined;
  #target: BreakerTarget | undefined;
  #reading: Promise<void> | undefined;

  constructor(
    private readonly shared: SharedBreakerStates,
    private readonly logger: Logger,
    private readonly intervalMs = BREAKER_SYNC_INTERVAL_MS,
  ) {}

  /** The `onChange` to give the breakers: publishes in the background, logging a failure. */
  readonly publish = (system: string, state: SharedBreakerState): void => {
    this.shared.publish(system, state).catch((error: unknown) => this.logger.warn({ err: error, system }, 'could not share a circuit breaker change'));
  };

  /** Starts adopting the shared states into `target` (the route runner), now and every interval. */
  start(target: BreakerTarget): void {
    this.#target = target;
    void this.adoptNow();
    this.#timer = setInterval(() => void this.adoptNow(), this.intervalMs);
    this.#timer.unref();
  }

  /** Reads the shared states once and adopts the newer ones. */
  adoptNow(): Promise<void> {
    this.#reading ??= this.shared
      .read()
      .then((states) => this.#target?.adoptBreakerStates(states))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not read the shared circuit breaker states'))
      .finally(() => (this.#reading = undefined));
    return this.#reading;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#reading;
    await this.shared.close();
  }
}
