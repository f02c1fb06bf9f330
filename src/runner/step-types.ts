import type { Procedure, RouteStep } from '../catalog/procedure.js';
import type { ApplicationRecord, ApplicationStatus } from '../store/types.js';

/** What a step works from: the application, its procedure, the step, and earlier steps' results by step name. */
export interface StepInput {
  application: ApplicationRecord;
  procedure: Procedure;
  step: RouteStep;
  results: Record<string, unknown>;
}

/**
 * Maps an application (and earlier results) to one system's record. Throws
 * `InputError` for data the system cannot take: a permanent failure.
 */
export type MessageBuilder = (input: StepInput) => { operation: string; record: Record<string, unknown> };

/** What a built-in step gets: the step input plus the stable message id, so it can drop its own duplicates. */
export interface BuiltinStepInput extends StepInput {
  /** `${applicationId}:${step.name}`: the same on every re-run of the step. */
  messageId: string;
}

/**
 * A built-in action (`issue-certificate`, `convenience-store`). It may run more
 * than once for one application (a crash before its outcome was recorded),
 * so it must make its effect once per `messageId`.
 */
export type BuiltinStep = (input: BuiltinStepInput) => Promise<{ result: Record<string, unknown>; status?: ApplicationStatus; detail?: string }>;

/** A reply to an await-reply step, as callbacks and result files deliver it. */
export interface StepReply extends Record<string, unknown> {
  /** `rejected` ends the route; `accepted` only acknowledges and the step keeps waiting; anything else is the answer. */
  outcome?: string;
  reason?: string;
  /** The system that sent the reply, when the channel authenticates it (a signed callback). */
  source?: string;
}
