/**
 * The durable state of a file-batch exchange with a core system (today the
 * tax system): messages accepted for the next batch, the batches written, the
 * result files processed, and which process owns the exchange directory.
 *
 * Any process may accept a message. Only the owner writes request files,
 * takes result files, and changes batches and results; its writes are fenced
 * by the token of its lease, so a process that lost the lease (it stalled, or
 * the database judged its lease expired) has every write refused.
 */

/** A message accepted for the next batch. `acceptedAt` is an ISO instant; the rest is the adapter's. */
export interface AcceptedMessage {
  messageId: string;
  acceptedAt: string;
}

/** One request file, as the journal knows it. */
export interface BatchManifest {
  fileName: string;
  sequence: number;
  /** ISO instant written into the header. */
  createdAt: string;
  messageIds: string[];
  state: 'writing' | 'written';
}

/** One processed result file. */
export interface ProcessedResultFile {
  fileName: string;
  sha256: string;
  processedAt: string;
  /** Message ids whose reply the runner took. */
  resumed: string[];
}

/** Who owns the exchange directory. */
export interface ExchangeOwnership {
  /** Takes the lease or renews it; true while this process owns the exchange. */
  acquire(): Promise<boolean>;
  /**
   * true when this process's lease has at least the safety margin left by its
   * own clock: checked before every effect on files (writing a request file,
   * resuming from or moving a result file), which the database cannot fence.
   */
  holds(): boolean;
  /** Gives the lease up at once, so another process takes over without waiting for it to expire. */
  release(): Promise<void>;
}

/** The journal of one exchange. Owner-only methods throw {@link ExchangeLeaseLostError} once the lease is gone. */
export interface ExchangeJournal<Message extends AcceptedMessage> {
  readonly ownership: ExchangeOwnership;
  /** Records an accepted message durably; false when its id was accepted before (waiting or in a remembered batch). */
  accept(message: Message): Promise<boolean>;
  /** Accepted messages not yet in a batch. */
  waitingCount(): Promise<number>;
  /** Accepted messages not yet in a batch, oldest first, at most `limit`. */
  waiting(limit: number): Promise<Message[]>;
  /** The accepted messages of a batch, in its order. */
  messagesOf(manifest: BatchManifest): Promise<Message[]>;
  /** The sequence number of the next request file (1–999999, then 1 again). */
  nextSequence(): Promise<number>;
  /** Batches whose request file may not have been written (the writer died in between). */
  unfinished(): Promise<BatchManifest[]>;
  /** The manifest of a request file, if this exchange wrote it. */
  batch(fileName: string): Promise<BatchManifest | undefined>;
  /** Owner: records a batch (state `writing`) before its request file is written. */
  beginBatch(manifest: BatchManifest): Promise<void>;
  /** Owner: marks a batch written; its messages stay known until the batch is forgotten. */
  finishBatch(manifest: BatchManifest): Promise<void>;
  /** A result file processed before under this name or with this content. */
  findResult(fileName: string, sha256: string): Promise<ProcessedResultFile | undefined>;
  /** true when a reply for this message id was taken by the runner already. */
  wasResumed(messageId: string): Promise<boolean>;
  /** Owner: records a processed result file. */
  recordResult(entry: ProcessedResultFile): Promise<void>;
  close(): Promise<void>;
}

/** This process no longer owns the exchange: nothing was written. */
export class ExchangeLeaseLostError extends Error {
  constructor(exchange: string) {
    super(`this process no longer owns the ${exchange} exchange; another process has taken it over`);
    this.name = 'ExchangeLeaseLostError';
  }
}

/** Opens the journal of an exchange shared by every gateway process (PostgreSQL); absent when the gateway runs as one process. */
export interface SharedExchangeJournals {
  open<Message extends AcceptedMessage>(exchange: string, options: { leaseMs: number; retentionMs: number }): Promise<ExchangeJournal<Message>>;
}
