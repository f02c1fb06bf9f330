import type { ApplicationStatus } from '../store/types.js';

/** A status change a step asks for, as a timeline entry without its time. */
export interface StatusChange {
  status: ApplicationStatus;
  source: string;
  detail: string;
}

/** The delivery record a step's outcome updates. */
export interface DeliveryRef {
  system: string;
  messageId: string;
}

/** How a step ended, when it did not throw. */
export type StepOutcome =
  /** Go on to the next step (or finish) with `result` kept under the step's name. */
  | { kind: 'next'; result: Record<string, unknown>; change?: StatusChange; delivery?: DeliveryRef & { state: 'sent' | 'acknowledged' } }
  /** Park the job until a reply with `correlationKey` arrives or `deadline` passes; `change` is news for the timeline, if any. */
  | {
      kind: 'wait';
      correlationKey: string;
      deadline: string;
      system: string;
      change?: StatusChange;
      delivery?: DeliveryRef & { state: 'acknowledged' };
      /** Run once the job is parked: a review step wakes itself for a decision taken while it ran. */
      afterParked?: () => Promise<void>;
    }
  /** The system refused the application on its merits: the route ends. */
  | { kind: 'rejected'; change: StatusChange; delivery?: DeliveryRef }
  /** No reply came before the deadline: the application fails and the job becomes a dead letter. */
  | { kind: 'deadline-missed'; reason: string; system: string; delivery?: DeliveryRef }
  /** The system's breaker is open: try again at `until`, without counting an attempt. */
  | { kind: 'deferred'; system: string; until: Date };
