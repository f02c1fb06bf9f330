import { Counter, type Registry } from 'prom-client';

/** Reviews escalated past their deadline, and decisions taken, by procedure and decision (never by person). */
export class ReviewMetrics {
  readonly #escalated: Counter<'procedure'>;
  readonly #decisions: Counter<'decision'>;

  constructor(registry: Registry) {
    this.#escalated = new Counter({
      name: 'kakehashi_reviews_escalated_total',
      help: 'Reviews past their deadline, flagged overdue and escalated to the approvers, by procedure',
      labelNames: ['procedure'],
      registers: [registry],
    });
    this.#decisions = new Counter({
      name: 'kakehashi_review_decisions_total',
      help: 'Review decisions and corrections recorded, by decision (claim, approve, reject, return, correct)',
      labelNames: ['decision'],
      registers: [registry],
    });
  }

  escalated(procedureId: string): void {
    this.#escalated.inc({ procedure: procedureId });
  }

  decided(decision: string): void {
    this.#decisions.inc({ decision });
  }
}
