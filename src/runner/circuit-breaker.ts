/** Settings of the per-system circuit breakers. */
export interface BreakerOptions {
  /** Consecutive retryable failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker keeps calls away from the system before one probe may go. */
  coolDownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A breaker's state as other processes see it: opened at `openedAtMs`, or
 * closed when null, as of `changedAtMs`. The latest change wins.
 */
export interface SharedBreakerState {
  openedAtMs: number | null;
  changedAtMs: number;
}

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
  #changedAt = 0;

  /** `onChange` is told every time the breaker opens or closes (to share it with other processes). */
  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: () => Date,
    private readonly onChange?: (state: SharedBreakerState) => void,
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
    this.#probeInFlight = false;
    if (this.#openedAt !== null) this.#changed(null);
  }

  /** The system failed in a way that may pass (5xx, timeout, reset). */
  recordFailure(): void {
    this.#failures += 1;
    if (this.#probeInFlight || this.#failures >= this.options.failureThreshold) {
      this.#probeInFlight = false;
      this.#changed(this.clock().getTime());
    }
  }

  /**
   * Takes over a change another process made, when it is newer than this
   * breaker's own last change: opened elsewhere, calls stop here too (each
   * process may send its own probe after the cool-down); closed elsewhere
   * (a probe succeeded), calls pass here again.
   */
  adopt(shared: SharedBreakerState): void {
    if (shared.changedAtMs <= this.#changedAt) return;
    this.#changedAt = shared.changedAtMs;
    this.#openedAt = shared.openedAtMs;
    this.#failures = shared.openedAtMs === null ? 0 : this.options.failureThreshold;
    this.#probeInFlight = false;
  }

  #changed(openedAt: number | null): void {
    this.#openedAt = openedAt;
    this.#changedAt = Math.max(this.clock().getTime(), this.#changedAt + 1);
    this.onChange?.({ openedAtMs: openedAt, changedAtMs: this.#changedAt });
  }

  /** A permitted call ended without telling anything about the system (e.g. the step was abandoned). */
  releaseProbe(): void {
    this.#probeInFlight = false;
  }
}

/** The breakers of all systems, created on first use. */
export class CircuitBreakers {
  readonly #breakers = new Map<string, CircuitBreaker>();

  /** `onChange` is told when a system's breaker opens or closes. */
  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: () => Date,
    private readonly onChange?: (system: string, state: SharedBreakerState) => void,
  ) {}

  for(system: string): CircuitBreaker {
    let breaker = this.#breakers.get(system);
    if (!breaker) {
      const onChange = this.onChange;
      breaker = new CircuitBreaker(this.options, this.clock, onChange && ((state) => onChange(system, state)));
      this.#breakers.set(system, breaker);
    }
    return breaker;
  }

  /** Takes over what other processes changed (see {@link CircuitBreaker.adopt}). */
  adopt(states: Record<string, SharedBreakerState>): void {
    for (const [system, state] of Object.entries(states)) this.for(system).adopt(state);
  }

  /** The state of every system's breaker that has seen a call. */
  states(): Record<string, BreakerState> {
    return Object.fromEntries([...this.#breakers].map(([system, breaker]) => [system, breaker.state()]));
  }
}
