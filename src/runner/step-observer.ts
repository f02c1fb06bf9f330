/**
 * How one run of a step ended:
 * - `completed`: the route moved on (a delivery acknowledged or sent, a reply taken, a built-in done);
 * - `waiting`: parked until a reply or its deadline;
 * - `rejected`: the system or built-in refused the application on its merits; the route ended;
 * - `deferred`: the system's breaker was open; the step runs later without counting an attempt;
 * - `retried`: a retryable failure; the step runs again after its backoff;
 * - `dead-lettered`: a permanent failure or the last attempt; staff decide;
 * - `deadline-missed`: no reply came before the deadline; also a dead letter;
 * - `lease-lost`: another runner took the job over; this run recorded nothing;
 * - `store-error`: the store failed while recording; the job runs again when its lease expires.
 */
export type StepRunOutcome =
  | 'completed'
  | 'waiting'
  | 'rejected'
  | 'deferred'
  | 'retried'
  | 'dead-lettered'
  | 'deadline-missed'
  | 'lease-lost'
  | 'store-error';

/**
 * Told how every step run ended, with the step's system (or built-in action,
 * or `runner` when the job failed before its step was known). Must not throw.
 */
export type StepObserver = (system: string, outcome: StepRunOutcome) => void;
