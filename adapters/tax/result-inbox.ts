/**
 * Takes result files from `inbox/`. A file is checked whole before anything
 * is resumed: record length and CRLF, header first and trailer last, count
 * and checksum (the shared codec), the header's kind and municipality, every
 * record's codes. A broken file goes to `rejected/` with a `.reason` file
 * beside it and resumes nothing; the tax system is expected to send it again.
 * A valid file resumes each message once, is entered in the ledger, and goes
 * to `processed/`.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFixedWidthFile } from '../../src/codecs/fixed-width-parser.js';
import type { EraTable } from '../../src/jp/era.js';
import { readRegularFile } from '../../src/files/read-regular-file.js';
import type { Logger } from '../../src/logger.js';
import { exists, moveDurably, writeBytesAtomically } from './atomic-file.js';
import type { ExchangeJournal } from '../../src/exchange-journal/exchange-journal.js';
import type { PendingEntry } from './journal.js';
import { fileRefusedReply, replyOf, type TaxReply } from './result-reply.js';
import { FILE_KINDS, FILE_STATUS } from './wire/codes.js';
import { RESULT_FILE_NAME } from './wire/file-names.js';
import { ResultRecordError } from './wire/result-record.js';
import { TAX_RESULT_LAYOUT } from './wire/result-layout.js';

/** The runner's resume: false when nothing waited for the key (already resumed, unknown). */
export type ResumeReply = (correlationKey: string, reply: Record<string, unknown>) => Promise<boolean>;

/** Where files live and whom to tell. */
export interface ResultInboxContext {
  inbox: string;
  processed: string;
  rejected: string;
  journal: ExchangeJournal<PendingEntry>;
  /** Throws when this process may no longer own the exchange by the time a file effect is done. */
  ensureOwned: () => void;
  onResult: ResumeReply;
  eras: EraTable;
  log: Logger;
  now: () => Date;
  municipalityCode: string;
  maxFileBytes: number;
}

/** What happened to one result file. */
export type ResultFileReport =
  | { fileName: string; outcome: 'processed'; records: number; resumed: number }
  | { fileName: string; outcome: 'rejected'; reason: string }
  /** Processed before the process died; only the move was left to do. */
  | { fileName: string; outcome: 'finished' };

/** Result files waiting in the inbox, in name (creation) order. */
export async function listResultFiles(inbox: string): Promise<string[]> {
  return (await readdir(inbox)).filter((name) => RESULT_FILE_NAME.test(name)).sort();
}

/** A free name in `directory`: the name itself, or the name with a suffix from the content hash. */
async function freeName(directory: string, fileName: string, sha256: string): Promise<string> {
  if (!(await exists(join(directory, fileName)))) return fileName;
  return `${fileName}.${sha256.slice(0, 16)}`;
}

async function reject(context: ResultInboxContext, fileName: string, sha256: string, reasons: string[]): Promise<ResultFileReport> {
  context.ensureOwned();
  const target = await freeName(context.rejected, fileName, sha256);
  const text = [`file: ${fileName}`, `sha256: ${sha256}`, `rejected-at: ${context.now().toISOString()}`, ...reasons.map((reason) => `reason: ${reason}`), ''].join('\n');
  await writeBytesAtomically(join(context.rejected, `${target}.reason`), text);
  await moveDurably(join(context.inbox, fileName), join(context.rejected, target));
  context.log.warn({ fileName, rejectedAs: target, reasons: reasons.slice(0, 5) }, 'tax result file rejected');
  return { fileName, outcome: 'rejected', reason: reasons[0] ?? 'rejected' };
}

/** Processes one result file of the inbox. Throws when `onResult` throws: the file stays for the next poll. */
export async function processResultFile(context: ResultInboxContext, fileName: string): Promise<ResultFileReport> {
  const path = join(context.inbox, fileName);
  const read = await readRegularFile(path, context.maxFileBytes);
  if (read.kind === 'not-a-file') return reject(context, fileName, 'unhashed', ['not-a-regular-file: a result file must be a regular file']);
  if (read.kind === 'too-large') return reject(context, fileName, `unhashed-${read.size}`, [`file-too-large: ${read.size} bytes, the limit is ${context.maxFileBytes}`]);
  const { bytes } = read;
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const earlier = await context.journal.findResult(fileName, sha256);
  if (earlier) {
    if (earlier.fileName === fileName && earlier.sha256 === sha256 && !(await exists(join(context.processed, fileName)))) {
      context.ensureOwned();
      await moveDurably(path, join(context.processed, fileName));
      return { fileName, outcome: 'finished' };
    }
    return reject(context, fileName, sha256, [`duplicate: ${earlier.fileName === fileName ? 'a file of this name' : `the same content as ${earlier.fileName}`} was processed at ${earlier.processedAt}`]);
  }

  const parsed = parseFixedWidthFile(TAX_RESULT_LAYOUT, bytes);
  if (!parsed.ok) return reject(context, fileName, sha256, parsed.errors.map((error) => `${error.code} at line ${error.line}: ${error.message}`));
  const { header } = parsed;
  const headerProblems: string[] = [];
  if (header.fileKind !== FILE_KINDS.result) headerProblems.push('header-file-kind: not a result file');
  if (header.municipalityCode !== context.municipalityCode) headerProblems.push('header-municipality: another municipality');
  if (header.fileStatus !== FILE_STATUS.accepted && header.fileStatus !== FILE_STATUS.rejected) headerProblems.push('header-file-status: unknown file status');
  if (header.fileStatus === FILE_STATUS.rejected && parsed.records.length > 0) headerProblems.push('header-file-status: a refused request file answered with data records');
  if (headerProblems.length > 0) return reject(context, fileName, sha256, headerProblems);

  const replies: { key: string; reply: Record<string, unknown> }[] = [];
  if (header.fileStatus === FILE_STATUS.rejected) {
    const requestFile = header.requestFileName ?? '';
    const batch = await context.journal.batch(requestFile);
    if (!batch) context.log.warn({ fileName, requestFile }, 'the tax system refused a request file this gateway has no record of');
    for (const key of batch?.messageIds ?? []) replies.push({ key, reply: fileRefusedReply(header.fileErrorCode ?? '', requestFile) });
  } else {
    const problems: string[] = [];
    parsed.records.forEach((values, i) => {
      try {
        const reply: TaxReply = replyOf(values, context.eras);
        replies.push({ key: values.messageId ?? '', reply });
      } catch (error) {
        if (!(error instanceof ResultRecordError) && !(error instanceof RangeError)) throw error;
        problems.push(`record-invalid at line ${i + 2}: ${error.message}`);
      }
    });
    if (problems.length > 0) return reject(context, fileName, sha256, problems);
  }

  const resumed = new Set<string>();
  for (const { key, reply } of replies) {
    if (resumed.has(key) || (await context.journal.wasResumed(key))) {
      context.log.info({ fileName, messageId: key }, 'tax result for a message already resumed; ignored');
      continue;
    }
    context.ensureOwned();
    if (await context.onResult(key, reply)) resumed.add(key);
  }
  await context.journal.recordResult({ fileName, sha256, processedAt: context.now().toISOString(), resumed: [...resumed] });
  context.ensureOwned();
  await moveDurably(path, join(context.processed, await freeName(context.processed, fileName, sha256)));
  context.log.info({ fileName, records: parsed.records.length, resumed: resumed.size }, 'tax result file processed');
  return { fileName, outcome: 'processed', records: replies.length, resumed: resumed.size };
}
