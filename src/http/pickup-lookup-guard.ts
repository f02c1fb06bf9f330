import { RateLimitedError, UnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PickupLookupMetrics } from '../metrics/pickup-lookup-metrics.js';
import type { RatePolicy } from '../rate-limit/gcra.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';

/** Seconds a caller waits when the limiter does not answer. */
const UNAVAILABLE_RETRY_SECONDS = 5;

export interface PickupLookupGuardOptions {
  limiter: RateLimiter;
  /** Failed lookups allowed per terminal and per store-network client; undefined: that limit is off. */
  policies: { perTerminal: RatePolicy | undefined; perClient: RatePolicy | undefined };
  metrics: PickupLookupMetrics;
}

/** One lookup's hold on the failure budgets of its terminal and client. */
export interface LookupHold {
  /** The lookup named a pickup: what it took from the budgets goes back. */
  release(): Promise<void>;
  /** The lookup was a guess: it keeps what it took. `lockedCertificateId`: it locked the code of that certificate's pickup. */
  failed(lockedCertificateId?: string): void;
  /** The code named a pickup whose code is locked: counted as a refused guess. */
  refusedLocked(): void;
}

/** Limits failed pickup lookups per terminal and per store-network client. */
export interface PickupLookupGuard {
  /**
   * Takes one lookup from the terminal's budget and then from the client's,
   * before anything is looked up: over either limit, no code is looked up at
   * all (429 `pickup-lookups-limited` with Retry-After), so the answers
   * cannot tell a right code from a wrong one. A lookup that names a pickup
   * gives its share back, so only failures count. A limiter that does not
   * answer refuses the lookup (503): guessing must not become unlimited.
   */
  hold(clientId: string, terminal: string, log: Logger): Promise<LookupHold>;
}

interface Taken {
  bucket: string;
  policy: RatePolicy;
}

export function createPickupLookupGuard(options: PickupLookupGuardOptions): PickupLookupGuard {
  const { limiter, policies, metrics } = options;

  async function take(bucket: string, policy: RatePolicy | undefined, refusal: 'terminal-limit' | 'client-limit', clientId: string, taken: Taken[]): Promise<void> {
    if (!policy) return;
    const decision = await limiter.take(bucket, policy);
    if (decision.allowed) {
      taken.push({ bucket, policy });
      return;
    }
    metrics.refused(clientId, refusal);
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    const whose = refusal === 'terminal-limit' ? 'this terminal' : 'the store network';
    throw new RateLimitedError(
      'pickup-lookups-limited',
      `More than ${policy.limit} codes that name no pickup per ${policy.windowSeconds} s from ${whose}; no code is looked up for ${seconds} s.`,
      seconds,
    );
  }

  async function giveBack(taken: Taken[]): Promise<void> {
    await Promise.all(taken.map(({ bucket, policy }) => limiter.giveBack(bucket, policy)));
  }

  return {
    async hold(clientId, terminal, log) {
      const taken: Taken[] = [];
      try {
        await take(`pickup-failures:terminal:${clientId}:${terminal}`, policies.perTerminal, 'terminal-limit', clientId, taken);
        await take(`pickup-failures:client:${clientId}`, policies.perClient, 'client-limit', clientId, taken);
      } catch (error) {
        // a terminal refused by the client's limit keeps its own budget
        await giveBack(taken).catch(() => undefined);
        if (error instanceof RateLimitedError) throw error;
        log.warn({ err: error, limit: 'pickup-lookup-failures' }, 'rate limiter unavailable; pickup lookup refused');
        throw new UnavailableError('pickup-lookups-unavailable', 'The limit on wrong pickup codes cannot be checked right now.', UNAVAILABLE_RETRY_SECONDS, { cause: error });
      }
      return {
        async release() {
          try {
            await giveBack(taken);
          } catch (error) {
            // the lookup itself succeeded; the budget is only a little shorter until it refills
            log.warn({ err: error, limit: 'pickup-lookup-failures' }, 'rate limiter unavailable; a pickup lookup was not given back');
          }
        },
        failed(lockedCertificateId) {
          metrics.failed(clientId);
          if (lockedCertificateId === undefined) return;
          metrics.locked(clientId);
          log.warn({ event: 'pickup-code-locked', certificateId: lockedCertificateId, client: clientId, terminal }, 'a pickup code was locked after too many wrong check parts');
        },
        refusedLocked() {
          metrics.refused(clientId, 'code-locked');
        },
      };
    },
  };
}
