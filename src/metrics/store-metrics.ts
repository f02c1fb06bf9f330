import { Counter, Gauge, type Registry } from 'prom-client';
import type { StorageFailureReason } from '../store/store-errors.js';
import type { StoreHealthObserver } from '../store/store-health.js';

/** `kakehashi_store_unavailable_total{reason}` and `kakehashi_store_available`, fed by the store's health. */
export class StoreMetrics implements StoreHealthObserver {
  readonly #unavailable: Counter<'reason'>;
  readonly #available: Gauge;

  constructor(registry: Registry) {
    this.#unavailable = new Counter({
      name: 'kakehashi_store_unavailable_total',
      help: 'Store operations refused because the store could not take them (full disk, read-only, unreachable …), by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.#available = new Gauge({
      name: 'kakehashi_store_available',
      help: '1 while the store takes writes, 0 from its first storage failure until a write succeeds again',
      registers: [registry],
    });
    this.#available.set(1);
  }

  failed(reason: StorageFailureReason): void {
    this.#unavailable.inc({ reason });
  }

  availability(available: boolean): void {
    this.#available.set(available ? 1 : 0);
  }
}
