/**
 * Misbehaviour the simulator can be told to show on its next requests, so
 * that clients are tested over a real socket against what real providers do.
 */
export type SimulatorFault =
  /** Answer with this status and a JSON `api_error` body (e.g. 500, 503). */
  | { kind: 'status'; status: number }
  /** Accept the request and never answer (until the simulator closes). */
  | { kind: 'hang' }
  /** Answer with exactly this body, e.g. malformed JSON or a payment missing fields. */
  | { kind: 'body'; status?: number; body: string; contentType?: string }
  /** Answer 200 with a body of this many bytes. */
  | { kind: 'oversized-body'; bytes: number }
  /** Close the connection without answering. */
  | { kind: 'reset' }
  /** Carry the request out, then close the connection without answering (the answer is lost on the way). */
  | { kind: 'lose-answer' };

/** A queue of faults: each injected fault applies to the next `times` requests, in order. */
export class FaultQueue {
  private readonly pending: SimulatorFault[] = [];

  inject(fault: SimulatorFault, times: number): void {
    for (let index = 0; index < times; index += 1) {
      this.pending.push(fault);
    }
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** The fault for the request now arriving, if any. */
  next(): SimulatorFault | undefined {
    return this.pending.shift();
  }
}
