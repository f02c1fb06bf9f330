import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore, StagedBlob } from './blob-store.js';

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Blobs as files under `<directory>/blobs/<first two hex digits>/<sha256>`,
 * written to `<directory>/staging/` first: a file appears under its address
 * only once it is complete and fsync'd (rename, then fsync of the directory),
 * so a crash leaves at most a staging file, never a torn blob.
 */
export class FilesystemBlobStore implements BlobStore {
  constructor(private readonly directory: string) {}

  async stage(): Promise<StagedBlob> {
    const staging = join(this.directory, 'staging');
    await mkdir(staging, { recursive: true });
    const path = join(staging, randomUUID());
    const file = await open(path, 'wx', 0o600);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await file.close();
    };
    return {
      write: async (chunk) => {
        await file.write(chunk);
      },
      commit: async (sha256) => {
        const target = this.pathOf(sha256);
        await file.sync();
        await close();
        await mkdir(join(target, '..'), { recursive: true });
        await rename(path, target);
        await syncDirectory(join(target, '..'));
      },
      discard: async () => {
        await close();
        await rm(path, { force: true });
      },
    };
  }

  async open(sha256: string): Promise<Readable | null> {
    if (!DIGEST.test(sha256)) return null;
    const path = this.pathOf(sha256);
    try {
      return (await open(path, 'r')).createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    if (!DIGEST.test(sha256)) return;
    await rm(this.pathOf(sha256), { force: true });
  }

  private pathOf(sha256: string): string {
    if (!DIGEST.test(sha256)) throw new Error('not a SHA-256 digest');
    return join(this.directory, 'blobs', sha256.slice(0, 2), sha256);
  }
}

/** A rename is durable only once its directory is fsync'd. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
