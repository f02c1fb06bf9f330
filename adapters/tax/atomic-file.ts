/**
 * Durable file operations on the exchange directory: a file appears under
 * its final name complete or not at all, and survives a power loss once the
 * call returns (file fsync'd before the rename, directory fsync'd after).
 */
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { temporaryName } from './wire/file-names.js';

/** Whether something exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** fsyncs a directory, so a rename or unlink in it is durable. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a file's data and metadata. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `path` atomically: `fill` writes the temporary file (`.<name>.tmp`
 * beside it), which is then fsync'd, renamed and the directory fsync'd. The
 * temporary file is removed when `fill` fails.
 */
export async function writeFileAtomically(path: string, fill: (temporaryPath: string) => Promise<void>): Promise<void> {
  const temporary = join(dirname(path), temporaryName(basename(path)));
  try {
    await fill(temporary);
    await syncFile(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Writes bytes or text atomically and durably. */
export async function writeBytesAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await writeFileAtomically(path, async (temporary) => {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  });
}

/** Moves a file to another directory of the same file system, durably in both directories. */
export async function moveDurably(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDirectory(dirname(to));
  if (dirname(to) !== dirname(from)) await syncDirectory(dirname(from));
}
