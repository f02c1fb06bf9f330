/**
 * The adapter's durable state under `<exchange>/journal/` (the gateway's
 * own directory; the tax system never looks there):
 *
 * - `pending/<sha256(messageId)>.json`: one accepted message, written
 *   atomically before `deliver` returns `accepted`.
 * - `batches/<request file name>.json`: a batch manifest, written before the
 *   request file (state `writing`) and again after it (state `written`), when
 *   its pending entries are removed. A manifest still `writing` at start-up
 *   means the process died in between; the adapter then finishes the batch.
 *
 * A message id in a pending entry or in a remembered manifest is known:
 * delivering it again changes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory, writeBytesAtomically } from './atomic-file.js';
import type { BatchManifest } from '../../src/exchange-journal/exchange-journal.js';
import type { RequestEntry } from './request-record.js';

/** An accepted message waiting for its cut-off. */
export interface PendingEntry extends RequestEntry {
  /** ISO instant it was accepted. */
  acceptedAt: string;
}


const REMOVE_CONCURRENCY = 64;
const JSON_FILE = /^[0-9a-f]{64}\.json$/;
const MANIFEST_FILE = /^KKH_REQ_[0-9]{14}_[0-9]{6}\.dat\.json$/;

function entryFileName(messageId: string): string {
  return `${createHash('sha256').update(messageId).digest('hex')}.json`;
}

/** Loaded journal; not safe for concurrent use (the adapter serialises calls). */
export class TaxJournal {
  private readonly pendingDirectory: string;
  private readonly batchDirectory: string;
  /** In acceptance order: the oldest first. */
  private readonly pendingEntries = new Map<string, PendingEntry>();
  private readonly batches = new Map<string, BatchManifest>();
  /** Message id → the state of the batch that holds it. */
  private readonly batched = new Map<string, BatchManifest['state']>();
  /** Pending entries already in a batch still being written. */
  private readonly inFlight = new Set<string>();
  private lastSequence = 0;

  private constructor(directory: string) {
    this.pendingDirectory = join(directory, 'pending');
    this.batchDirectory = join(directory, 'batches');
  }

  /**
   * Opens (and creates) the journal in `directory`. Written batches older
   * than `retentionMs` are forgotten (the newest is always kept for its
   * sequence number): a message id re-delivered after that is a new message.
   */
  static async open(directory: string, options: { now: Date; retentionMs: number }): Promise<TaxJournal> {
    const journal = new TaxJournal(directory);
    await mkdir(journal.pendingDirectory, { recursive: true, mode: 0o700 });
    await mkdir(journal.batchDirectory, { recursive: true, mode: 0o700 });
    const manifests: BatchManifest[] = [];
    for (const name of await readdir(journal.batchDirectory)) {
      if (!MANIFEST_FILE.test(name)) continue;
      manifests.push(JSON.parse(await readFile(join(journal.batchDirectory, name), 'utf8')) as BatchManifest);
    }
    manifests.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const horizon = options.now.getTime() - options.retentionMs;
    for (const [i, manifest] of manifests.entries()) {
      if (manifest.state === 'written' && Date.parse(manifest.createdAt) < horizon && i < manifests.length - 1) {
        await rm(join(journal.batchDirectory, `${manifest.fileName}.json`), { force: true });
        continue;
      }
      journal.remember(manifest);
    }
    const entries: { name: string; entry: PendingEntry }[] = [];
    for (const name of await readdir(journal.pendingDirectory)) {
      if (!JSON_FILE.test(name)) continue;
      entries.push({ name, entry: JSON.parse(await readFile(join(journal.pendingDirectory, name), 'utf8')) as PendingEntry });
    }
    entries.sort((a, b) => a.entry.acceptedAt.localeCompare(b.entry.acceptedAt));
    for (const { name, entry } of entries) {
      const state = journal.batched.get(entry.messageId);
      // The process died while dropping a written batch's entries: finish that.
      if (state === 'written') {
        await rm(join(journal.pendingDirectory, name), { force: true });
        continue;
      }
      journal.pendingEntries.set(entry.messageId, entry);
      if (state === 'writing') journal.inFlight.add(entry.messageId);
    }
    return journal;
  }

  private remember(manifest: BatchManifest): void {
    this.batches.set(manifest.fileName, manifest);
    for (const id of manifest.messageIds) this.batched.set(id, manifest.state);
    this.lastSequence = manifest.sequence;
  }

  /** true when the message was accepted before (pending or in a batch still remembered). */
  knows(messageId: string): boolean {
    return this.pendingEntries.has(messageId) || this.batched.has(messageId);
  }

  /** Records an accepted message durably. */
  async add(entry: PendingEntry): Promise<void> {
    await writeBytesAtomically(join(this.pendingDirectory, entryFileName(entry.messageId)), JSON.stringify(entry));
    this.pendingEntries.set(entry.messageId, entry);
  }

  /** Number of accepted messages not yet in a batch. */
  waitingCount(): number {
    return this.pendingEntries.size - this.inFlight.size;
  }

  /** Accepted messages not yet in a batch, oldest first, at most `limit`. */
  waiting(limit: number): PendingEntry[] {
    const found: PendingEntry[] = [];
    for (const entry of this.pendingEntries.values()) {
      if (found.length >= limit) break;
      if (!this.inFlight.has(entry.messageId)) found.push(entry);
    }
    return found;
  }

  /** The pending entry of a message, while it is kept. */
  entry(messageId: string): PendingEntry | undefined {
    return this.pendingEntries.get(messageId);
  }

  /** The sequence number of the next request file. */
  nextSequence(): number {
    return (this.lastSequence % 999_999) + 1;
  }

  /** Manifests of batches whose request file may not have been written. */
  unfinished(): BatchManifest[] {
    return [...this.batches.values()].filter((manifest) => manifest.state === 'writing').sort((a, b) => a.sequence - b.sequence);
  }

  /** The manifest of a request file, if this gateway wrote it. */
  batch(fileName: string): BatchManifest | undefined {
    return this.batches.get(fileName);
  }

  /** Records a batch before its request file is written. */
  async beginBatch(manifest: BatchManifest): Promise<void> {
    await writeBytesAtomically(join(this.batchDirectory, `${manifest.fileName}.json`), JSON.stringify(manifest));
    this.remember(manifest);
    for (const id of manifest.messageIds) this.inFlight.add(id);
  }

  /** Marks a batch written and drops its pending entries. */
  async finishBatch(manifest: BatchManifest): Promise<void> {
    const written: BatchManifest = { ...manifest, state: 'written' };
    await writeBytesAtomically(join(this.batchDirectory, `${manifest.fileName}.json`), JSON.stringify(written));
    this.remember(written);
    // Unlinks are independent; a few at a time keeps a large batch from taking minutes.
    for (let start = 0; start < manifest.messageIds.length; start += REMOVE_CONCURRENCY) {
      const ids = manifest.messageIds.slice(start, start + REMOVE_CONCURRENCY);
      await Promise.all(ids.map((id) => rm(join(this.pendingDirectory, entryFileName(id)), { force: true })));
      for (const id of ids) {
        this.pendingEntries.delete(id);
        this.inFlight.delete(id);
      }
    }
    await syncDirectory(this.pendingDirectory);
  }
}
