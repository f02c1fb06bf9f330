/**
 * Faults tests can inject into the simulator. Upload faults apply to the next
 * requests in the order injected, whatever the endpoint; callback faults apply
 * to the next callbacks the simulator sends.
 */

/** One injected fault of the request/reply interface. */
export type UploadFault =
  /** Answer with this status and a JSON error body, importing nothing (503 also sends Retry-After). */
  | { kind: 'status'; status: number }
  /** Hold the request this long before handling it normally (or until the client gives up, then import nothing). */
  | { kind: 'hang'; ms: number }
  /** Import, then send the status line, headers and part of the body, and destroy the socket. */
  | { kind: 'drop-connection' }
  /** Import, then answer 202 with a body that is not JSON. */
  | { kind: 'malformed-json' };

/** One injected fault of the callback sender. */
export type CallbackFault =
  /** After the callback is delivered, deliver the identical callback once more. */
  | { kind: 'duplicate' }
  /** Sign the first attempt with the wrong secret; retries are signed correctly. */
  | { kind: 'bad-signature' };

/** A queue of faults tests drive. */
export class FaultQueue<F> {
  private readonly queue: F[] = [];

  /** Applies `fault` to the next `count` requests (after any already queued). */
  inject(fault: F, count = 1): void {
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
  take(): F | undefined {
    return this.queue.shift();
  }
}
