import { Counter, type Registry } from 'prom-client';

/** `kakehashi_retention_purged_total` and `kakehashi_retention_purge_runs_total{outcome}`, fed by the retention purge. */
export class RetentionMetrics {
  readonly #purged: Counter;
  readonly #runs: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.#purged = new Counter({
      name: 'kakehashi_retention_purged_total',
      help: 'Applications whose personal data the retention purge removed after their retention period (保存期間)',
      registers: [registry],
    });
    this.#runs = new Counter({
      name: 'kakehashi_retention_purge_runs_total',
      help: 'Retention purge runs, by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  ran(purged: number): void {
    this.#purged.inc(purged);
    this.#runs.inc({ outcome: 'ok' });
  }

  failed(): void {
    this.#runs.inc({ outcome: 'failed' });
  }
}
