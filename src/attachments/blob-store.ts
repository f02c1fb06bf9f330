import type { Readable } from 'node:stream';

/**
 * Where the bytes of attachments live, addressed by their SHA-256 (lower-case
 * hex). Two uploads of the same bytes share one blob. The filesystem store is
 * the default (filesystem-blob-store.ts); a shared store for several gateway
 * processes plugs in here (it waits for the PostgreSQL store).
 */
export interface BlobStore {
  /** Starts writing a new blob; nothing is visible under any address until `commit`. */
  stage(): Promise<StagedBlob>;
  /** The blob's bytes, or null when there is none with this digest. */
  open(sha256: string): Promise<Readable | null>;
  /** Removes the blob; removing one that is not there is no error. */
  remove(sha256: string): Promise<void>;
}

/** A blob being written. Exactly one of `commit` and `discard` ends it. */
export interface StagedBlob {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the bytes durable (fsync'd) under `sha256`, which the caller computed while writing. */
  commit(sha256: string): Promise<void>;
  /** Forgets what was written. */
  discard(): Promise<void>;
}
