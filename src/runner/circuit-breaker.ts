/** Settings of the per-system circuit breakers. */
export interface BreakerOptions {
  /** Consecutive retryable failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker keeps calls away from the system before one probe may go. */
  coolDownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What the breaker says about a call now. */
export type BreakerDecision = { allowed: true } | { allowed: false; retryAt: Date };

/**
 * One system's circuit breaker. Closed: calls pass, consecutive retryable
 * failures are counted. Open: no call passes until the cool-down ends.
 * Half-open: exactly one probe passes; its success closes the breaker, its
 * failure opens it for another cool-down.
 */
export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | null = null;
  #probeInFlight = false;

  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: () => Date,
  ) {}

  state(): BreakerState {
    if (this.#openedAt === null) return 'closed';
    return this.clock().getTime() - this.#openedAt >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  /** Asks to call the system; a permitted half-open call is the probe. */
  request(): BreakerDecision {
    const state = this.state();
    if (state === 'closed') return { allowed: true };
    if (state === 'half-open' && !this.#probeInFlight) {
      this.#probeInFlight = true;
      return { allowed: true };
    }
    // While the probe is out, the others wait a full cool-down: the probe decides.
    const retryAt = state === 'open' ? this.#openedAt! + this.options.coolDownMs : this.clock().getTime() + this.options.coolDownMs;
    return { allowed: false, retryAt: new Date(retryAt) };
  }

  /** The system answered (even with a refusal): it is up. */
  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#probeInFlight = false;
  }

  /** The system failed in a way that may pass (5xx, timeout, reset). */
  recordFailure(): void {
    this.#failures += 1;
    if (this.#probeInFlight || this.#failures >= this.options.failureThreshold) {
      this.#openedAt = this.clock().getTime();
      this.#probeInFlight = false;
    }
  }

  /** A permitted call ended without telling anything about the system (e.g. the step was abandoned). */
  releaseProbe(): void {
    this.#probeInFlight = false;
  }
}

/** The breakers of all systems, created on first use. */
export class CircuitBreakers {
  readonly #breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: () => Date,
  ) {}

  for(system: string): CircuitBreaker {
    let breaker = this.#breakers.get(system);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options, this.clock);
      this.#breakers.set(system, breaker);
    }
    return breaker;
  }

  /** The state of every system's breaker that has seen a call. */
  states(): Record<string, BreakerState> {
    return Object.fromEntries([...this.#breakers].map(([system, breaker]) => [system, breaker.state()]));
  }
}
