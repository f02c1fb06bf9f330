import type { CompiledProcedure } from '../catalog/procedure.js';
import type { TimelineEntry, UniqueClaim } from '../store/types.js';
import type { Submission } from './submission.js';

/** What a check sees: the submission after its form passed validation. */
export interface CheckContext {
  procedure: CompiledProcedure;
  submission: Submission;
  /** The form data as validated (normalised by the form schema). */
  form: Record<string, unknown>;
  clientId: string;
  now: Date;
}

/** What a check contributes to the application's one write. */
export interface CheckOutcome {
  /** Merged into the application's `identity` record (never the raw signature). */
  identity?: Record<string, unknown>;
  /** Merged into the application's `payment` record. */
  payment?: Record<string, unknown>;
  /** Values that may be used only once (signature digest, payment id). */
  claims?: UniqueClaim[];
  /** Timeline entries to add after `received` (e.g. `verified`). */
  timeline?: TimelineEntry[];
}

/**
 * The seam for evidence checks at intake (JPKI signature, fee payment). Each
 * check runs after form validation and before the write; it refuses by
 * throwing a GatewayError (SignatureError, PaymentError, UnavailableError …).
 */
export interface SubmissionCheck {
  readonly name: string;
  check(context: CheckContext): Promise<CheckOutcome>;
}
