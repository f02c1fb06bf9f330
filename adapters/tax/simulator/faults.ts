/**
 * Faults the tax simulator can put into its next result files, for tests of
 * the adapter's checks: each queued fault applies to one result file, in order.
 */

/** One fault. */
export type TaxSimulatorFault =
  /** The file ends in the middle of its last record (a transfer cut short). */
  | { kind: 'truncate' }
  /** The trailer's record count is one more than the data records. */
  | { kind: 'count-mismatch' }
  /** The trailer's checksum is off by one. */
  | { kind: 'bad-checksum' }
  /** The same file (name and bytes) is delivered again once the first copy has been taken from inbox/. */
  | { kind: 'duplicate' }
  /** The answer is held back: written on the `polls`-th poll after the one that took the request. */
  | { kind: 'delay'; polls: number };

/** Faults waiting for the next result files. */
export class TaxFaultQueue {
  private readonly queued: TaxSimulatorFault[] = [];

  /** Queues faults for the next result files, one each. */
  push(...faults: TaxSimulatorFault[]): void {
    this.queued.push(...faults);
  }

  /** The fault for the next result file, if any. */
  take(): TaxSimulatorFault | undefined {
    return this.queued.shift();
  }

  /** Faults still queued. */
  get size(): number {
    return this.queued.length;
  }
}
