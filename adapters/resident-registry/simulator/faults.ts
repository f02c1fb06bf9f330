/**
 * Faults tests can inject into the simulator: each applies to one upcoming
 * request, in the order injected, whatever its endpoint.
 */

/** One injected fault. */
export type SimulatorFault =
  /** Answer with this status and an XML error body (503 also sends Retry-After). */
  | { kind: 'status'; status: number }
  /** Hold the request this long before answering normally (or until the client gives up). */
  | { kind: 'hang'; ms: number }
  /** Send the status line, headers and part of the body, then destroy the socket. */
  | { kind: 'drop-connection' }
  /** Answer 200 with a body that is not well-formed XML. */
  | { kind: 'malformed-xml' }
  /** Answer 200 with a correctly framed body whose XML document is cut in the middle. */
  | { kind: 'truncated-body' };

/** The fault queue tests drive. */
export class FaultQueue {
  private readonly queue: SimulatorFault[] = [];

  /** Applies `fault` to the next `count` requests (after any already queued). */
  inject(fault: SimulatorFault, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(fault);
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue.length = 0;
  }

  /** How many faults are still queued. */
  get pending(): number {
    return this.queue.length;
  }

  /** The fault for the request being served, if any. */
  take(): SimulatorFault | undefined {
    return this.queue.shift();
  }
}
