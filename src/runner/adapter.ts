import type { CharsetPolicy } from '../catalog/procedure.js';
import type { Logger } from '../logger.js';

/** What every adapter call gets: cancellation, a logger scoped to the system, the clock. */
export interface AdapterContext {
  signal: AbortSignal;
  log: Logger;
  now: () => Date;
}

/** One mapped record on its way to one system. */
export interface OutboundMessage {
  /** Stable across retries: the system drops duplicates by it. */
  messageId: string;
  applicationId: string;
  procedureId: string;
  /** The route step name. */
  step: string;
  /** The operation of the system's interface (e.g. `find-resident`, `moving-out-notice`). */
  operation: string;
  /** The mapped record, ready for the adapter's codec. */
  record: Record<string, unknown>;
  /** The route step's policy for characters the system cannot hold; absent: the adapter's configured policy. */
  charset?: CharsetPolicy;
}

/** How a delivery ended, when it did not throw. */
export type DeliveryOutcome = (
  /** Delivered; `result` is the system's answer, mapped back, available to later steps. */
  | { kind: 'done'; result: Record<string, unknown> }
  /** Accepted; the answer comes later (callback, result file) carrying `correlationKey`. */
  | { kind: 'accepted'; correlationKey: string }
) & {
  /** What the application's timeline should say about this delivery (e.g. characters replaced); never personal data. */
  notes?: string[];
};

/**
 * One core system. Adapters classify every failure: `UpstreamError` with
 * `retryable` true (5xx, timeout, reset) or false (refused, malformed request);
 * anything else thrown is treated as a permanent failure.
 */
export interface CoreSystemAdapter {
  readonly system: string;
  deliver(message: OutboundMessage, context: AdapterContext): Promise<DeliveryOutcome>;
  /** Cheap probe of connectivity and credentials. Throws UpstreamError when down. */
  health(context: AdapterContext): Promise<void>;
  close?(): Promise<void>;
}
