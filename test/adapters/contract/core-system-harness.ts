import type { CoreSystemAdapter, DeliveryOutcome, OutboundMessage } from '../../../src/runner/adapter.js';

/**
 * One core system under the core-system contract: its adapter, made from its
 * definition as the gateway makes it, talking to its simulator over a real
 * socket or a real exchange directory.
 */
export interface CoreSystemHarness {
  adapter: CoreSystemAdapter;
  /** A message the system takes and acts on. */
  acceptedMessage: OutboundMessage;
  /** A message that is refused for good: by the system itself, or by the adapter because the system could not hold it. */
  refusedMessage: OutboundMessage;
  /** A message whose record does not fit the system's interface. */
  malformedMessage: OutboundMessage;
  /** Words of the accepted message's record that are personal data (names, addresses), which nothing the adapter answers may carry. */
  personalData: string[];
  /** How many times the system acted on this message id (records filed, imports made, request lines taken). */
  effects(messageId: string): Promise<number>;
  /**
   * For an `accepted` outcome: lets the system answer, and resolves with the
   * correlation keys of the answers that reached the gateway's side.
   */
  answers(outcome: DeliveryOutcome): Promise<string[]>;
  /** Makes the system unreachable: the simulator stops, or the exchange directory disappears. */
  takeDown(): Promise<void>;
  close(): Promise<void>;
}
