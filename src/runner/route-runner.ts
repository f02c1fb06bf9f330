import type { Catalog } from '../catalog/procedure.js';
import { UnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { StorageUnavailableError } from '../store/store-errors.js';
import type { Store } from '../store/types.js';
import type { CoreSystemAdapter } from './adapter.js';
import { CircuitBreakers, type BreakerOptions, type BreakerState, type SharedBreakerState } from './circuit-breaker.js';
import { replyIsEarly } from './early-reply.js';
import type { RetryPolicy } from './retry-policy.js';
import { runJob } from './run-job.js';
import type { StepContext } from './step-context.js';
import type { StepObserver } from './step-observer.js';
import type { BuiltinStep, MessageBuilder } from './step-types.js';

/** Everything a route runner works with; nothing is read from the environment. */
export interface RouteRunnerOptions {
  store: Store;
  catalog: Catalog;
  /** Adapters by system id (the `system` of route steps). */
  adapters: ReadonlyMap<string, CoreSystemAdapter>;
  buildMessage: MessageBuilder;
  /** Built-in steps by action (`issue-certificate`, `convenience-store`). */
  builtins: ReadonlyMap<string, BuiltinStep>;
  policy: RetryPolicy;
  breaker: BreakerOptions;
  /** Told when a system's breaker opens or closes, to share it with the other processes (see `src/breaker-sharing`). */
  onBreakerChange?: (system: string, state: SharedBreakerState) => void;
  /** This runner's lease owner id: unique per process. */
  owner: string;
  leaseMs: number;
  /** Pause between claims while there is nothing to do. */
  pollIntervalMs: number;
  /** Steps in flight at most. */
  concurrency: number;
  clock: () => Date;
  logger: Logger;
  /** Source of the backoff jitter; `Math.random` unless a test pins it. */
  random?: () => number;
  /** What else happens when an application is rejected (the fee's refund); must be idempotent per application. */
  onRejected?: (applicationId: string) => Promise<void>;
  /** Told how every step run ended (the gateway's metrics count them). */
  onStepEnded?: StepObserver;
  /** Told when a review step escalates an overdue review. */
  onReviewEscalated?: (procedureId: string) => void;
}

/** How long a system is asked to wait before sending a reply again that came before the runner waited for it. */
const EARLY_REPLY_RETRY_SECONDS = 2;

/**
 * Moves applications through their procedure's route, one step per job,
 * exactly once in effect: every state lives in the store, every step's
 * message id is stable, and a job whose runner died is claimed again when its
 * lease expires.
 */
export class RouteRunner {
  readonly #options: RouteRunnerOptions;
  readonly #context: StepContext;
  readonly #breakers: CircuitBreakers;
  readonly #inFlight = new Set<Promise<void>>();
  #loop: Promise<void> | null = null;
  #running = false;
  #wake: (() => void) | null = null;

  constructor(options: RouteRunnerOptions) {
    this.#options = options;
    this.#breakers = new CircuitBreakers(options.breaker, options.clock, options.onBreakerChange);
    this.#context = {
      store: options.store,
      adapters: options.adapters,
      buildMessage: options.buildMessage,
      builtins: options.builtins,
      policy: options.policy,
      breakers: this.#breakers,
      clock: options.clock,
      random: options.random ?? Math.random,
      ...(options.onRejected ? { onRejected: options.onRejected } : {}),
      ...(options.onReviewEscalated ? { onReviewEscalated: options.onReviewEscalated } : {}),
    };
  }

  /** Starts claiming jobs in the background. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops claiming, waits for the steps in flight, and returns this runner's leases to the queue (they lapse instead when the store cannot take writes). */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
    await Promise.all(this.#inFlight);
    try {
      const released = await this.#options.store.releaseLeases(this.#options.owner, this.#options.clock().toISOString());
      this.#options.logger.info({ released }, 'route runner stopped');
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      // Stopping must not fail on a store that cannot take writes: the leases lapse on their own within one lease.
      this.#options.logger.warn({ reason: error.reason }, 'route runner stopped; its leases could not be released and lapse within one lease');
    }
  }

  /** Claims one batch (up to the free slots), runs it to the end, and returns how many jobs it claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.#claimAndLaunch();
    await Promise.all(this.#inFlight);
    return claimed;
  }

  /** Claims at once instead of at the next poll (after a replay, say). */
  wake(): void {
    this.#wake?.();
  }

  /** Takes over breaker changes other processes made (newer ones only). */
  adoptBreakerStates(states: Record<string, SharedBreakerState>): void {
    this.#breakers.adopt(states);
  }

  /** The circuit state of every configured system. */
  breakerStates(): Record<string, BreakerState> {
    const states: Record<string, BreakerState> = {};
    for (const system of this.#options.adapters.keys()) states[system] = 'closed';
    return { ...states, ...this.#breakers.states() };
  }

  /**
   * Hands `system`'s reply to the job waiting on `correlationKey`. false when
   * none waits for it from that system (a duplicate, a reply after the route
   * moved on, or one from another system). Throws
   * `UnavailableError` when the reply came before the runner started waiting
   * for it, so the system sends it again shortly instead of it being lost.
   */
  async resume(correlationKey: string, system: string, reply: Record<string, unknown>): Promise<boolean> {
    const { store, catalog } = this.#options;
    if (await this.#resumeWaiting(correlationKey, system, reply)) return true;
    if (await replyIsEarly(store, catalog, correlationKey)) {
      throw new UnavailableError('reply-too-early', 'The message was accepted moments ago; send the reply again shortly.', EARLY_REPLY_RETRY_SECONDS);
    }
    // The step may have parked between the two reads above (leased at the first, waiting at the second), in this
    // process or another: a second try finds it. Null again means nothing waits: resumed already, or unknown.
    if (await this.#resumeWaiting(correlationKey, system, reply)) return true;
    this.#options.logger.info({ correlationKey, system }, 'a reply matched no waiting step (already resumed, or unknown); ignored');
    return false;
  }

  async #resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>): Promise<boolean> {
    const resumed = await this.#options.store.resumeWaiting(correlationKey, system, reply, this.#options.clock().toISOString());
    if (resumed) this.#wake?.();
    return resumed !== null;
  }

  async #claimAndLaunch(): Promise<number> {
    const { store, owner, leaseMs, clock, concurrency, onStepEnded } = this.#options;
    const free = concurrency - this.#inFlight.size;
    if (free <= 0) return 0;
    const now = clock();
    const jobs = await store.claimJobs(owner, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), free);
    for (const job of jobs) {
      const running: Promise<void> = runJob({ context: this.#context, catalog: this.#options.catalog, owner, leaseMs, logger: this.#options.logger, onStepEnded }, job).finally(() => {
        this.#inFlight.delete(running);
        this.#wake?.();
      });
      this.#inFlight.add(running);
    }
    return jobs.length;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let claimed = 0;
      try {
        claimed = await this.#claimAndLaunch();
      } catch (error) {
        // The store's health logs a storage failure once per incident, not once per poll.
        if (!(error instanceof StorageUnavailableError)) this.#options.logger.error({ err: error }, 'could not claim jobs');
      }
      if (!this.#running) break;
      // A full batch suggests more work: claim again as soon as a slot frees; otherwise poll.
      if (claimed === 0 || this.#inFlight.size >= this.#options.concurrency) await this.#pause();
    }
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.#options.pollIntervalMs);
      this.#wake = done;
    });
  }
}
