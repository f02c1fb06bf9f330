/**
 * Reads a file whole, only when it is a regular file of at most `maxBytes`.
 * It is opened non-blocking and judged on the open descriptor, so the bytes
 * read are those of the file judged: a named pipe would block open() and
 * hang the reader, and a device such as /dev/zero (size 0) would be read
 * forever. Errors of open and read are thrown as they come.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/** What reading came to: the bytes, or why they were not read. */
export type RegularFileRead = { kind: 'read'; bytes: Buffer } | { kind: 'too-large'; size: number } | { kind: 'not-a-file' };

const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Why a file is not read, or undefined when it may be. */
function refusal(stats: Stats, maxBytes: number): Exclude<RegularFileRead, { kind: 'read' }> | undefined {
  if (!stats.isFile()) return { kind: 'not-a-file' };
  if (stats.size > maxBytes) return { kind: 'too-large', size: stats.size };
  return undefined;
}

/** Synchronous, for boot-time reads of many small files (see load-catalog.ts). */
export function readRegularFileSync(path: string, maxBytes: number): RegularFileRead {
  const fd = openSync(path, READ_FLAGS);
  try {
    return refusal(fstatSync(fd), maxBytes) ?? { kind: 'read', bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

export async function readRegularFile(path: string, maxBytes: number): Promise<RegularFileRead> {
  const handle = await open(path, READ_FLAGS);
  try {
    return refusal(await handle.stat(), maxBytes) ?? { kind: 'read', bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
