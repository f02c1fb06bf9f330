/**
 * The exchange journal in files under `<exchange>/journal/` (pending
 * messages, batch manifests, `results.jsonl`): the journal of a gateway that
 * runs as one process, as it does on SQLite. Ownership is that process's
 * alone; several processes on one exchange need the shared journal
 * (PostgreSQL, src/exchange-journal/).
 */
import { join } from 'node:path';
import type { BatchManifest, ExchangeJournal, ExchangeOwnership, ProcessedResultFile } from '../../src/exchange-journal/exchange-journal.js';
import { TaxJournal, type PendingEntry } from './journal.js';
import { ResultLedger } from './result-ledger.js';

/** The one process always owns its exchange. */
const SOLE_OWNERSHIP: ExchangeOwnership = {
  acquire: async () => true,
  holds: () => true,
  release: async () => {},
};

export class FileExchangeJournal implements ExchangeJournal<PendingEntry> {
  readonly ownership = SOLE_OWNERSHIP;

  private constructor(
    private readonly journal: TaxJournal,
    private readonly ledger: ResultLedger,
  ) {}

  /** Opens (and creates) the journal in `directory`; what is older than `retentionMs` is forgotten. */
  static async open(directory: string, options: { now: Date; retentionMs: number }): Promise<FileExchangeJournal> {
    const journal = await TaxJournal.open(directory, options);
    const ledger = await ResultLedger.open(join(directory, 'results.jsonl'), options);
    return new FileExchangeJournal(journal, ledger);
  }

  async accept(message: PendingEntry): Promise<boolean> {
    if (this.journal.knows(message.messageId)) return false;
    await this.journal.add(message);
    return true;
  }

  async waitingCount(): Promise<number> {
    return this.journal.waitingCount();
  }

  async waiting(limit: number): Promise<PendingEntry[]> {
    return this.journal.waiting(limit);
  }

  async messagesOf(manifest: BatchManifest): Promise<PendingEntry[]> {
    return manifest.messageIds.map((id) => this.journal.entry(id)).filter((entry) => entry !== undefined);
  }

  async nextSequence(): Promise<number> {
    return this.journal.nextSequence();
  }

  async unfinished(): Promise<BatchManifest[]> {
    return this.journal.unfinished();
  }

  async batch(fileName: string): Promise<BatchManifest | undefined> {
    return this.journal.batch(fileName);
  }

  beginBatch(manifest: BatchManifest): Promise<void> {
    return this.journal.beginBatch(manifest);
  }

  finishBatch(manifest: BatchManifest): Promise<void> {
    return this.journal.finishBatch(manifest);
  }

  async findResult(fileName: string, sha256: string): Promise<ProcessedResultFile | undefined> {
    return this.ledger.find(fileName, sha256);
  }

  async wasResumed(messageId: string): Promise<boolean> {
    return this.ledger.wasResumed(messageId);
  }

  recordResult(entry: ProcessedResultFile): Promise<void> {
    return this.ledger.append(entry);
  }

  async close(): Promise<void> {}
}
