/** Misbehaviour the simulator shows on its next issuance requests. */
export type NetworkFault =
  /** Answer with this status and a JSON error body (e.g. 500, 503). */
  | { kind: 'status'; status: number }
  /** Accept the request and never answer (until the simulator closes). */
  | { kind: 'hang' }
  /** Close the connection without answering. */
  | { kind: 'reset' };

/** Each injected fault applies to the next `times` requests, in order. */
export class FaultQueue {
  private readonly pending: NetworkFault[] = [];

  inject(fault: NetworkFault, times: number): void {
    for (let index = 0; index < times; index += 1) this.pending.push(fault);
  }

  clear(): void {
    this.pending.length = 0;
  }

  next(): NetworkFault | undefined {
    return this.pending.shift();
  }
}
