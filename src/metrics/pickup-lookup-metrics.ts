import { Counter, type Registry } from 'prom-client';

/** Which limit refused a pickup lookup: a terminal's, the store-network client's, or the code's own lock. */
export type PickupRefusal = 'terminal-limit' | 'client-limit' | 'code-locked';

/**
 * Guessed pickup codes, by store-network client (a configured id, so the
 * label set stays small); never by code or terminal. An alert on any rise of
 * `kakehashi_pickup_guesses_refused_total` or `kakehashi_pickup_codes_locked_total`
 * sees a guessing attempt within a scrape.
 */
export class PickupLookupMetrics {
  readonly #failed: Counter<'client'>;
  readonly #refused: Counter<'client' | 'limit'>;
  readonly #locked: Counter<'client'>;

  constructor(registry: Registry) {
    this.#failed = new Counter({
      name: 'kakehashi_pickup_lookups_failed_total',
      help: 'Document fetches with a code that is not a pickup code: unknown, malformed, or a wrong check part; by client',
      labelNames: ['client'],
      registers: [registry],
    });
    this.#refused = new Counter({
      name: 'kakehashi_pickup_guesses_refused_total',
      help: 'Document fetches refused because of earlier failed lookups (429) or a locked code (410), by client and limit',
      labelNames: ['client', 'limit'],
      registers: [registry],
    });
    this.#locked = new Counter({
      name: 'kakehashi_pickup_codes_locked_total',
      help: 'Pickup codes locked after too many wrong check parts, by the client whose lookup locked them',
      labelNames: ['client'],
      registers: [registry],
    });
  }

  failed(clientId: string): void {
    this.#failed.inc({ client: clientId });
  }

  refused(clientId: string, limit: PickupRefusal): void {
    this.#refused.inc({ client: clientId, limit });
  }

  locked(clientId: string): void {
    this.#locked.inc({ client: clientId });
  }
}
