import { Counter, type Registry } from 'prom-client';
import type { IntakeObserver } from '../intake/intake.js';

/** What became of submissions: applications recorded by procedure, idempotent replays, refusals by problem type. */
export class SubmissionMetrics implements IntakeObserver {
  readonly #received: Counter<'procedure'>;
  readonly #replays: Counter;
  readonly #refused: Counter<'type'>;

  constructor(registry: Registry) {
    this.#received = new Counter({
      name: 'kakehashi_applications_received_total',
      help: 'Applications recorded (answered 202, replays aside), by procedure',
      labelNames: ['procedure'],
      registers: [registry],
    });
    this.#replays = new Counter({
      name: 'kakehashi_idempotent_replays_total',
      help: 'Submissions answered with the first response of their Idempotency-Key, recording nothing',
      registers: [registry],
    });
    this.#refused = new Counter({
      name: 'kakehashi_submissions_refused_total',
      help: 'Submissions answered with a problem, by the code of its type (/problems/<type>)',
      labelNames: ['type'],
      registers: [registry],
    });
  }

  recorded(procedureId: string): void {
    this.#received.inc({ procedure: procedureId });
  }

  replayed(): void {
    this.#replays.inc();
  }

  /** Counts a submission answered with a problem; `problemCode` is one of the gateway's fixed problem type codes. */
  refused(problemCode: string): void {
    this.#refused.inc({ type: problemCode });
  }
}
