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
 * A message id in a pending entry or in any manifest is known: delivering it
 * again changes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory, writeBytesAtomically } from './atomic-file.js';
import type { RequestEntry } from './request-record.js';

/** An accepted message waiting for its cut-off. */
export interface PendingEntry extends RequestEntry {
  /** ISO instant it was accepted. */
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

const JSON_FILE = /^[0-9a-f]{64}\.json$/;
const MANIFEST_FILE = /^KKH_REQ_[0-9]{14}_[0-9]{6}\.dat\.json$/;

function entryFileName(messageId: string): string {
  return `${createHash('sha256').update(messageId).digest('hex')}.json`;
}

/** Loaded journal; not safe for concurrent use (the adapter serialises calls). */
export class TaxJournal {
  private readonly pendingDirectory: string;
  private readonly batchDirectory: string;
  private readonly pendingEntries = new Map<string, PendingEntry>();
  private readonly batches = new Map<string, BatchManifest>();
  private readonly batched = new Set<string>();
  private lastSequence = 0;

  private constructor(directory: string) {
    this.pendingDirectory = join(directory, 'pending');
    this.batchDirectory = join(directory, 'batches');
  }

  /** Opens (and creates) the journal in `directory`. */
  static async open(directory: string): Promise<TaxJournal> {
    const journal = new TaxJournal(directory);
    await mkdir(journal.pendingDirectory, { recursive: true, mode: 0o700 });
    await mkdir(journal.batchDirectory, { recursive: true, mode: 0o700 });
    for (const name of await readdir(journal.batchDirectory)) {
      if (!MANIFEST_FILE.test(name)) continue;
      const manifest = JSON.parse(await readFile(join(journal.batchDirectory, name), 'utf8')) as BatchManifest;
      journal.remember(manifest);
    }
    for (const name of await readdir(journal.pendingDirectory)) {
      if (!JSON_FILE.test(name)) continue;
      const entry = JSON.parse(await readFile(join(journal.pendingDirectory, name), 'utf8')) as PendingEntry;
      const manifest = [...journal.batches.values()].find((batch) => batch.state === 'written' && batch.messageIds.includes(entry.messageId));
      // The process died while dropping a written batch's entries: finish that.
      if (manifest) await rm(join(journal.pendingDirectory, name), { force: true });
      else journal.pendingEntries.set(entry.messageId, entry);
    }
    return journal;
  }

  private remember(manifest: BatchManifest): void {
    this.batches.set(manifest.fileName, manifest);
    for (const id of manifest.messageIds) this.batched.add(id);
    this.lastSequence = Math.max(this.lastSequence, manifest.sequence);
  }

  /** true when the message was accepted before (pending or already in a batch). */
  knows(messageId: string): boolean {
    return this.pendingEntries.has(messageId) || this.batched.has(messageId);
  }

  /** Records an accepted message durably. */
  async add(entry: PendingEntry): Promise<void> {
    await writeBytesAtomically(join(this.pendingDirectory, entryFileName(entry.messageId)), JSON.stringify(entry));
    this.pendingEntries.set(entry.messageId, entry);
  }

  /** Accepted messages not yet in a batch, oldest first. */
  pending(): PendingEntry[] {
    return [...this.pendingEntries.values()].filter((entry) => !this.batched.has(entry.messageId)).sort((a, b) => a.acceptedAt.localeCompare(b.acceptedAt));
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
  }

  /** Marks a batch written and drops its pending entries. */
  async finishBatch(manifest: BatchManifest): Promise<void> {
    const written: BatchManifest = { ...manifest, state: 'written' };
    await writeBytesAtomically(join(this.batchDirectory, `${manifest.fileName}.json`), JSON.stringify(written));
    this.remember(written);
    for (const id of manifest.messageIds) {
      await rm(join(this.pendingDirectory, entryFileName(id)), { force: true });
      this.pendingEntries.delete(id);
    }
    await syncDirectory(this.pendingDirectory);
  }
}
