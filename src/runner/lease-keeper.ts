import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

/**
 * Holds one job's lease while its step runs: extends it every half lease, and
 * aborts `signal` as soon as the lease is found lost (another runner may now
 * run the step; this one must not record an outcome).
 */
export class LeaseKeeper {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  #lost = false;

  constructor(
    private readonly store: Store,
    private readonly jobId: string,
    private readonly owner: string,
    private readonly leaseMs: number,
    private readonly clock: () => Date,
    private readonly log: Logger,
  ) {
    this.#timer = setInterval(() => void this.confirm(), Math.max(1, Math.floor(leaseMs / 2)));
    this.#timer.unref();
  }

  /** Aborted when the lease is lost. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Extends the lease now; false (and the signal aborted) when it is no longer ours. */
  async confirm(): Promise<boolean> {
    if (this.#lost) return false;
    const until = new Date(this.clock().getTime() + this.leaseMs).toISOString();
    let held: boolean;
    try {
      held = await this.store.extendLease(this.jobId, this.owner, until);
    } catch (error) {
      this.log.warn({ err: error, jobId: this.jobId }, 'could not extend the lease');
      return false;
    }
    if (!held) this.#markLost();
    return held;
  }

  /** Parks the job until `until` without running it: the lease expires then and any runner may claim it. */
  async parkUntil(until: Date): Promise<boolean> {
    this.stop();
    return this.store.extendLease(this.jobId, this.owner, until.toISOString());
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #markLost(): void {
    if (this.#lost) return;
    this.#lost = true;
    this.log.warn({ jobId: this.jobId }, 'lease lost; the step will not record its outcome');
    this.#controller.abort(new Error('lease lost'));
  }
}
