/**
 * Streaming writer for fixed-length CP932 batch files. Records are encoded
 * into a chunk buffer and handed to the writable stream a chunk at a time;
 * when the stream signals backpressure the writer waits for `drain`, so a
 * file of millions of records is written in constant memory.
 */
import type { Writable } from 'node:stream';
import type { Cp932Options } from './cp932.js';
import type { FixedWidthLayout } from './fixed-width-layout.js';
import { FixedWidthRecordEncoder } from './fixed-width-record.js';

export { defineFixedWidthLayout } from './fixed-width-layout.js';
export type { FixedWidthField, FixedWidthFieldType, FixedWidthLayout, FixedWidthRecordLayout } from './fixed-width-layout.js';

/** Values of one record, by field name. */
export type RecordValues = Readonly<Record<string, unknown>>;

/** What the trailer says about the file. */
export interface FixedWidthSummary {
  recordCount: number;
  /** Sum of all data-record bytes (CRLF excluded) modulo 10^width of the checksum field. */
  checksum: number;
}

/** Options of {@link createFixedWidthWriter}. */
export interface FixedWidthWriterOptions {
  /** Values of the header record. */
  header?: RecordValues;
  encoding?: Cp932Options;
  /** Bytes collected before a write to the stream; default 64 KiB. */
  chunkSize?: number;
}

/** A fixed-width file being written. */
export interface FixedWidthWriter {
  /** Encodes one data record. Resolves when it may be called again (backpressure). */
  write(values: RecordValues): Promise<void>;
  /** Writes the trailer (count and checksum filled in), flushes and ends the stream. */
  end(trailer?: RecordValues): Promise<FixedWidthSummary>;
}

/**
 * Starts a file: the header is encoded now (InputError when it does not fit
 * the layout) and written with the first chunk.
 */
export function createFixedWidthWriter(layout: FixedWidthLayout, writable: Writable, options: FixedWidthWriterOptions = {}): FixedWidthWriter {
  const encoder = new FixedWidthRecordEncoder(layout, options.encoding);
  const recordBytes = layout.recordLength + 2;
  const chunkRecords = Math.max(1, Math.floor((options.chunkSize ?? 64 * 1024) / recordBytes));
  const checksumField = layout.trailer.fields.find((field) => field.role === 'checksum')!;
  const countField = layout.trailer.fields.find((field) => field.role === 'record-count')!;
  const modulus = 10 ** checksumField.width;
  let chunk = Buffer.allocUnsafe(chunkRecords * recordBytes);
  let used = 0;
  let recordCount = 0;
  let checksum = 0;
  let streamError: Error | undefined;
  let ended = false;
  writable.on('error', (error: Error) => {
    streamError = error;
  });

  const flush = async (): Promise<void> => {
    if (used === 0) return;
    const full = chunk.subarray(0, used);
    chunk = Buffer.allocUnsafe(chunkRecords * recordBytes);
    used = 0;
    if (!writable.write(full)) await drained(writable);
    if (streamError) throw streamError;
  };
  const room = async (): Promise<void> => {
    if (streamError) throw streamError;
    if (used + recordBytes > chunk.length) await flush();
  };

  encoder.encodeInto('header', options.header ?? {}, chunk, 0, 1);
  used = recordBytes;

  return {
    async write(values) {
      if (ended) throw new Error('the file has been ended');
      await room();
      encoder.encodeInto('data', values, chunk, used, recordCount + 1);
      const end = used + layout.recordLength;
      for (let i = used; i < end; i++) checksum += chunk[i]!;
      // Reducing per record keeps the sum exact: it never nears 2^53.
      checksum %= modulus;
      used += recordBytes;
      recordCount++;
    },
    async end(trailer = {}) {
      if (ended) throw new Error('the file has been ended');
      ended = true;
      await room();
      const values = { ...trailer, [countField.name]: recordCount, [checksumField.name]: checksum };
      encoder.encodeInto('trailer', values, chunk, used, 1);
      used += recordBytes;
      await flush();
      await new Promise<void>((resolve, reject) => {
        writable.once('error', reject);
        writable.end(() => resolve());
      });
      if (streamError) throw streamError;
      return { recordCount, checksum };
    },
  };
}

function drained(writable: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      writable.off('drain', onDrain);
      writable.off('error', done);
      writable.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    const onClose = (): void => done(new Error('the stream closed before it drained'));
    writable.once('drain', onDrain);
    writable.once('error', done);
    writable.once('close', onClose);
  });
}
