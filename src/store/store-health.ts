import type { Logger } from '../logger.js';
import type { StorageFailureReason, StorageUnavailableError } from './store-errors.js';

/** What the store's health tells the metrics. */
export interface StoreHealthObserver {
  /** One refused store operation. */
  failed(reason: StorageFailureReason): void;
  /** The store became unavailable (false) or available again (true). */
  availability(available: boolean): void;
}

/** One stretch of time during which the store refused writes. */
interface Incident {
  reason: StorageFailureReason;
  driverCode: string;
  openedAt: Date;
  failures: number;
}

/** Options for {@link StoreHealth}. */
export interface StoreHealthOptions {
  clock: () => Date;
  logger: Logger;
  observer?: StoreHealthObserver;
}

/**
 * Whether the store takes writes, as the outcomes of real operations show it.
 * The first storage failure opens an incident and logs one line; later
 * failures only count; the first write that succeeds closes the incident and
 * logs one line with its duration and failure count. One line per incident,
 * never one per request: a full disk refuses every request.
 */
export class StoreHealth {
  #incident: Incident | undefined;
  readonly #options: StoreHealthOptions;

  constructor(options: StoreHealthOptions) {
    this.#options = options;
  }

  /** false while an incident is open. */
  get available(): boolean {
    return this.#incident === undefined;
  }

  /** Records a refused operation. */
  failed(error: StorageUnavailableError): void {
    const { clock, logger, observer } = this.#options;
    observer?.failed(error.reason);
    if (this.#incident) {
      this.#incident.failures += 1;
      return;
    }
    this.#incident = { reason: error.reason, driverCode: error.driverCode, openedAt: clock(), failures: 1 };
    observer?.availability(false);
    logger.error(
      { event: 'store-unavailable', reason: error.reason, driverCode: error.driverCode, retryAfterSeconds: error.retryAfterSeconds },
      'store unavailable: writes are refused with 503 storage-unavailable until one succeeds',
    );
  }

  /** Records a write that succeeded; closes the open incident, if any. */
  succeeded(): void {
    const incident = this.#incident;
    if (!incident) return;
    this.#incident = undefined;
    const { clock, logger, observer } = this.#options;
    observer?.availability(true);
    logger.info(
      {
        event: 'store-available',
        reason: incident.reason,
        driverCode: incident.driverCode,
        failures: incident.failures,
        durationMs: clock().getTime() - incident.openedAt.getTime(),
      },
      'store available again',
    );
  }
}
