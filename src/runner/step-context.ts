import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { CoreSystemAdapter } from './adapter.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import type { RetryPolicy } from './retry-policy.js';
import type { BuiltinStep, MessageBuilder } from './step-types.js';

/** What running a step needs, shared by every step a runner runs. */
export interface StepContext {
  store: Store;
  adapters: ReadonlyMap<string, CoreSystemAdapter>;
  buildMessage: MessageBuilder;
  builtins: ReadonlyMap<string, BuiltinStep>;
  policy: RetryPolicy;
  breakers: CircuitBreakers;
  clock: () => Date;
  random: () => number;
  /** Called when an application is rejected, before its job is completed (e.g. to request the fee's refund); a throw retries the job. */
  onRejected?: (applicationId: string) => Promise<void>;
  /** Told when a review step escalates an overdue review (the metrics count it). */
  onReviewEscalated?: (procedureId: string) => void;
}

/** Where one job's step stands while it runs. */
export interface JobScope {
  log: Logger;
  /** Aborted when the job's lease is lost. */
  signal: AbortSignal;
}

/** The stable id of a step's message: systems drop duplicates by it. */
export function messageIdOf(applicationId: string, stepName: string): string {
  return `${applicationId}:${stepName}`;
}
