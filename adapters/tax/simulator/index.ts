/**
 * A stand-in for the city's 税務システム on the exchange directory: it takes
 * request files from `outbox/`, checks them with the same codec and layouts
 * (a broken file is answered with a refused-file result, as the real system
 * does), answers each record from fixtures/tax, and writes result files into
 * `inbox/` atomically. Taken request files move to `processed/` (or
 * `rejected/` with a `.reason`). Faults for tests are queued on `faults`.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createFixedWidthWriter } from '../../../src/codecs/fixed-width.js';
import { parseFixedWidthFile } from '../../../src/codecs/fixed-width-parser.js';
import { FixedWidthRecordEncoder } from '../../../src/codecs/fixed-width-record.js';
import { EraTable } from '../../../src/jp/era.js';
import type { Logger } from '../../../src/logger.js';
import { exists, moveDurably, writeBytesAtomically } from '../atomic-file.js';
import { DETAIL_CODES, FILE_KINDS, FILE_STATUS, LAYOUT_VERSION } from '../wire/codes.js';
import { japanTimestamp, REQUEST_FILE_NAME, resultFileName } from '../wire/file-names.js';
import { TAX_REQUEST_LAYOUT } from '../wire/request-layout.js';
import { TAX_RESULT_LAYOUT } from '../wire/result-layout.js';
import { answerRequest } from './answer.js';
import { TaxFaultQueue, type TaxSimulatorFault } from './faults.js';
import { loadTaxRecords, type TaxRecords } from './tax-records-file.js';

export { TaxFaultQueue, type TaxSimulatorFault } from './faults.js';

/** Options of {@link startTaxSimulator}. */
export interface TaxSimulatorOptions {
  exchangeDirectory: string;
  /** Directory with `tax-records.json`; default fixtures/tax. */
  fixturesDirectory?: string;
  /** How often the simulator looks at `outbox/`. */
  pollIntervalMs: number;
  /** Faults for the first result files. More can be queued on `faults`. */
  faults?: TaxSimulatorFault[];
  clock?: () => Date;
  eras?: EraTable;
  /** One line per file taken or written; never record contents. */
  logger?: Logger;
}

/** A running simulator. */
export interface TaxSimulator {
  faults: TaxFaultQueue;
  /** One round now: take request files, write due answers. Returns the result files written. */
  poll(): Promise<string[]>;
  /** Request file names taken so far, oldest first. */
  received(): string[];
  /** Stops the timer and waits for a round in progress. */
  close(): Promise<void>;
}

/** Relative to the working directory (the repository root under npm), so it holds from src/ and from dist/ alike. */
const DEFAULT_FIXTURES = 'fixtures/tax';
const SENDER = 'TAXSYS01';
const RECEIVER = 'KAKEHASI';

interface HeldFile {
  fileName: string;
  bytes: Buffer;
  /** Polls left before a delayed file is written; for a duplicate, written again once the first copy is gone. */
  polls: number;
  kind: 'delay' | 'duplicate';
}

/** Starts the simulator on an exchange directory (the directories are created). */
export async function startTaxSimulator(options: TaxSimulatorOptions): Promise<TaxSimulator> {
  const root = options.exchangeDirectory;
  const dirs = { outbox: join(root, 'outbox'), inbox: join(root, 'inbox'), processed: join(root, 'processed'), rejected: join(root, 'rejected') };
  for (const directory of Object.values(dirs)) await mkdir(directory, { recursive: true });
  const records = await loadTaxRecords(options.fixturesDirectory ?? DEFAULT_FIXTURES);
  const eras = options.eras ?? new EraTable();
  const clock = options.clock ?? (() => new Date());
  const faults = new TaxFaultQueue();
  faults.push(...(options.faults ?? []));
  const received: string[] = [];
  const held: HeldFile[] = [];
  let round: Promise<string[]> | undefined;

  const emit = async (fileName: string, bytes: Buffer): Promise<void> => {
    await writeBytesAtomically(join(dirs.inbox, fileName), bytes);
    options.logger?.info({ fileName }, 'tax simulator wrote a result file');
  };

  const releaseHeld = async (written: string[]): Promise<void> => {
    for (const file of [...held]) {
      if (file.kind === 'delay' && --file.polls > 0) continue;
      if (file.kind === 'duplicate' && (await exists(join(dirs.inbox, file.fileName)))) continue;
      held.splice(held.indexOf(file), 1);
      await emit(file.fileName, file.bytes);
      written.push(file.fileName);
    }
  };

  const answerFile = async (requestName: string, written: string[]): Promise<void> => {
    const path = join(dirs.outbox, requestName);
    const bytes = await readFile(path);
    received.push(requestName);
    const parsed = parseFixedWidthFile(TAX_REQUEST_LAYOUT, bytes);
    const headerOk = parsed.ok && parsed.header.fileKind === FILE_KINDS.request && parsed.header.municipalityCode === records.municipalityCode;
    // The name carries the sequence too, so even an unreadable file gets an answer of its own.
    const sequence = Number(requestName.slice(-10, -4));
    const now = clock();
    const result = await buildResultFile(records, eras, requestName, now, sequence, headerOk && parsed.ok ? parsed.records : undefined);
    if (headerOk) {
      await moveDurably(path, join(dirs.processed, requestName));
    } else {
      const reasons = parsed.ok ? ['header: not a request file of this municipality'] : parsed.errors.map((error) => `${error.code} at line ${error.line}: ${error.message}`);
      await writeBytesAtomically(join(dirs.rejected, `${requestName}.reason`), `${reasons.join('\n')}\n`);
      await moveDurably(path, join(dirs.rejected, requestName));
    }
    const fileName = resultFileName(now, sequence);
    const fault = faults.take();
    const faulty = fault ? applyFault(fault, result) : result.bytes;
    if (fault?.kind === 'delay') {
      held.push({ fileName, bytes: faulty, polls: fault.polls, kind: 'delay' });
      return;
    }
    await emit(fileName, faulty);
    written.push(fileName);
    if (fault?.kind === 'duplicate') held.push({ fileName, bytes: faulty, polls: 0, kind: 'duplicate' });
  };

  const poll = (): Promise<string[]> => {
    const run = async (): Promise<string[]> => {
      const written: string[] = [];
      await releaseHeld(written);
      const names = (await readdir(dirs.outbox)).filter((name) => REQUEST_FILE_NAME.test(name)).sort();
      for (const name of names) await answerFile(name, written);
      return written;
    };
    const next = (round ?? Promise.resolve([])).catch(() => []).then(run);
    round = next;
    return next;
  };

  const timer = setInterval(() => {
    poll().catch((error: unknown) => options.logger?.error({ err: error }, 'tax simulator round failed'));
  }, options.pollIntervalMs);
  timer.unref();

  return {
    faults,
    poll,
    received: () => [...received],
    async close() {
      clearInterval(timer);
      await round?.catch(() => undefined);
    },
  };
}

/** A result file in memory, with what its trailer says. */
interface ResultFile {
  bytes: Buffer;
  recordCount: number;
  checksum: number;
}

/** Builds the result file answering a request file; `requests` undefined: the file is refused as a whole. */
async function buildResultFile(records: TaxRecords, eras: EraTable, requestName: string, now: Date, sequence: number, requests: Record<string, string>[] | undefined): Promise<ResultFile> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const writer = createFixedWidthWriter(TAX_RESULT_LAYOUT, sink, {
    header: {
      senderCode: SENDER,
      receiverCode: RECEIVER,
      municipalityCode: records.municipalityCode,
      fileKind: FILE_KINDS.result,
      createdAt: japanTimestamp(now),
      fileSequence: sequence,
      layoutVersion: LAYOUT_VERSION,
      fileStatus: requests ? FILE_STATUS.accepted : FILE_STATUS.rejected,
      fileErrorCode: requests ? '' : DETAIL_CODES.fileInvalid,
      requestFileName: requestName.slice(0, 40),
    },
  });
  const seen = new Set<string>();
  for (const request of requests ?? []) await writer.write(answerRequest(request, records, eras, seen));
  const summary = await writer.end();
  return { bytes: Buffer.concat(chunks), ...summary };
}

/** The bytes of a result file with a fault applied (delay and duplicate leave the bytes alone). */
function applyFault(fault: TaxSimulatorFault, file: ResultFile): Buffer {
  const recordBytes = TAX_RESULT_LAYOUT.recordLength + 2;
  switch (fault.kind) {
    case 'truncate':
      return file.bytes.subarray(0, file.bytes.length - Math.floor(recordBytes / 2));
    case 'count-mismatch':
    case 'bad-checksum': {
      const bytes = Buffer.from(file.bytes);
      const trailer = fault.kind === 'count-mismatch' ? { recordCount: file.recordCount + 1, checksum: file.checksum } : { recordCount: file.recordCount, checksum: (file.checksum + 1) % 10 ** 12 };
      new FixedWidthRecordEncoder(TAX_RESULT_LAYOUT).encodeInto('trailer', trailer, bytes, bytes.length - recordBytes, 1);
      return bytes;
    }
    default:
      return file.bytes;
  }
}
