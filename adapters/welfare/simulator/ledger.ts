/**
 * The simulated package's imports, keyed by message id: a message id is
 * imported once; every later upload with it gets the first import back.
 */
import type { SimulatedImport } from './decision.js';

/** The imports so far. */
export class ImportLedger {
  private readonly byMessageId = new Map<string, SimulatedImport>();
  private sequence = 0;
  private certificationSequence = 0;

  /** The earlier import of this message id, if any. */
  find(messageId: string): SimulatedImport | undefined {
    return this.byMessageId.get(messageId);
  }

  /** Records a new import and gives it the next import id (`IMP-YYYYMMDD-NNNNNN`, Japan date). */
  add(item: Omit<SimulatedImport, 'importId'>): SimulatedImport {
    this.sequence += 1;
    const day = new Date(item.receivedAt.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 10).replaceAll('-', '');
    const stored = { ...item, importId: `IMP-${day}-${String(this.sequence).padStart(6, '0')}` };
    this.byMessageId.set(item.messageId, stored);
    return stored;
  }

  /** The next 認定番号 (`NT-YYYY-NNNNNN`). */
  nextCertificationNumber(at: Date): string {
    this.certificationSequence += 1;
    return `NT-${new Date(at.getTime() + 9 * 3600 * 1000).getUTCFullYear()}-${String(this.certificationSequence).padStart(6, '0')}`;
  }

  /** Every import, oldest first. */
  all(): SimulatedImport[] {
    return [...this.byMessageId.values()];
  }
}
