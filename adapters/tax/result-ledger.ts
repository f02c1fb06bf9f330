/**
 * The processed-result ledger, `<exchange>/journal/results.jsonl`: one line
 * per result file the adapter has processed, with its SHA-256 and the message
 * ids it resumed. A file with a known name or content is never processed
 * again; a message id resumed once is not resumed from a later file.
 */
import { appendFile, open, readFile } from 'node:fs/promises';
import type { ProcessedResultFile } from '../../src/exchange-journal/exchange-journal.js';
import { writeBytesAtomically } from './atomic-file.js';

/** The ledger, loaded. */
export class ResultLedger {
  private readonly path: string;
  private readonly byName = new Map<string, ProcessedResultFile>();
  private readonly byHash = new Map<string, ProcessedResultFile>();
  private readonly resumedKeys = new Set<string>();

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Loads the ledger; a torn last line (the process died while appending) is
   * ignored. Entries older than `retentionMs` are dropped and the file is
   * rewritten without them (atomically), so it does not grow without bound.
   */
  static async open(path: string, options: { now: Date; retentionMs: number }): Promise<ResultLedger> {
    const ledger = new ResultLedger(path);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const horizon = options.now.getTime() - options.retentionMs;
    const kept: ProcessedResultFile[] = [];
    let dropped = false;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: ProcessedResultFile;
      try {
        entry = JSON.parse(line) as ProcessedResultFile;
      } catch {
        dropped = true;
        continue;
      }
      if (Date.parse(entry.processedAt) < horizon) {
        dropped = true;
        continue;
      }
      kept.push(entry);
      ledger.remember(entry);
    }
    if (dropped) await writeBytesAtomically(path, kept.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    return ledger;
  }

  private remember(entry: ProcessedResultFile): void {
    this.byName.set(entry.fileName, entry);
    this.byHash.set(entry.sha256, entry);
    for (const key of entry.resumed) this.resumedKeys.add(key);
  }

  /** The entry of a file processed before under this name or with this content. */
  find(fileName: string, sha256: string): ProcessedResultFile | undefined {
    return this.byName.get(fileName) ?? this.byHash.get(sha256);
  }

  /** true when a reply for this key was taken by the runner already. */
  wasResumed(key: string): boolean {
    return this.resumedKeys.has(key);
  }

  /** Appends an entry durably. */
  async append(entry: ProcessedResultFile): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    await appendFile(this.path, line, { mode: 0o600 });
    const handle = await open(this.path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.remember(entry);
  }
}
