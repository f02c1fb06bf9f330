/**
 * The tax system adapter: nightly fixed-length CP932 batch files over a
 * shared exchange directory (format in ./README.md).
 *
 * `deliver` journals the message durably and answers `accepted` with the
 * message id as correlation key. A cut-off (count, time of day, longest wait)
 * writes the waiting messages into one request file in `outbox/`. A poller
 * takes result files from `inbox/` and resumes the waiting applications
 * through `onResult`. All work on the directory is serialised in one queue.
 */
import { charsetChangeNote } from '../../src/codecs/charset-notes.js';
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cp932Options } from '../../src/codecs/cp932.js';
import { ConfigurationError } from '../../src/errors.js';
import { isValidLocalGovernmentCode } from '../../src/jp/check-digits.js';
import { EraTable } from '../../src/jp/era.js';
import type { Logger } from '../../src/logger.js';
import { ExchangeLeaseLostError, type BatchManifest, type ExchangeJournal } from '../../src/exchange-journal/exchange-journal.js';
import type { AdapterContext, CoreSystemAdapter, DeliveryOutcome, OutboundMessage } from '../../src/runner/adapter.js';
import { writeRequestFile, type ExchangeParties } from './batch-writer.js';
import { cutoffRuleProblems, isCutoffDue, type CutoffRules } from './cutoff-schedule.js';
import { exchangeUnavailableError, TAX_SYSTEM } from './errors.js';
import { FileExchangeJournal } from './file-exchange-journal.js';
import type { PendingEntry } from './journal.js';
import { buildRequestEntry, type TaxCharsetPolicy } from './request-record.js';
import { listResultFiles, processResultFile, type ResultFileReport, type ResultInboxContext, type ResumeReply } from './result-inbox.js';
import { requestFileName } from './wire/file-names.js';

/** Options of {@link createTaxAdapter}. */
export interface TaxAdapterOptions {
  /** The shared directory with `outbox/`, `inbox/`, `processed/`, `rejected/`; the adapter keeps `journal/` there too. */
  exchangeDirectory: string;
  cutoff: CutoffRules;
  /** What to do with characters the tax system cannot hold (its repertoire goes in `encoding`). */
  charsetPolicy: TaxCharsetPolicy;
  clock: () => Date;
  logger: Logger;
  /** The runner's resume; called once per result record. */
  onResult: ResumeReply;
  /** How often `start()` checks the cut-off and the inbox; default 10 s. */
  pollIntervalMs?: number;
  /** Header sender code; default `KAKEHASI`. */
  senderCode?: string;
  /** Header receiver code; default `TAXSYS01`. */
  receiverCode?: string;
  /** 地方公共団体コード; default `271004` (大阪市). */
  municipalityCode?: string;
  eras?: EraTable;
  /** Largest result file read, in bytes; default 64 MiB. */
  maxResultFileBytes?: number;
  /** Days the journal remembers written batches and processed result files (duplicate detection); default 30. */
  retentionDays?: number;
  /**
   * Opens the shared journal (with the exchange lease) when several gateway
   * processes share the exchange; default: the files under `<exchange>/journal/`,
   * for a gateway that runs as one process.
   */
  openJournal?: (retention: { now: Date; retentionMs: number }) => Promise<ExchangeJournal<PendingEntry>>;
}

/** The tax adapter: the runner's contract plus the batch controls. */
export interface TaxAdapter extends CoreSystemAdapter {
  /** Starts the timer that runs {@link TaxAdapter.tick}. */
  start(): void;
  /** Stops the timer, waits for work in progress, and gives up the exchange lease (another process takes over at once). */
  stop(): Promise<void>;
  /** Stops, then closes the journal. */
  close(): Promise<void>;
  /** One round: writes a batch if one is due, then processes the inbox. */
  tick(): Promise<{ requestFile: string | null; results: ResultFileReport[] }>;
  /** Writes the waiting messages now, due or not. Returns the request file name, or null when none wait. */
  cutoffNow(): Promise<string | null>;
  /** Processes the result files in the inbox now. */
  pollInbox(): Promise<ResultFileReport[]>;
  /** Messages accepted and not yet written to a request file. */
  pendingCount(): Promise<number>;
}

const DIRECTORIES = ['outbox', 'inbox', 'processed', 'rejected'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

function checkOptions(options: TaxAdapterOptions): void {
  const problems = cutoffRuleProblems(options.cutoff);
  if (!/^[\x20-\x7e]{1,8}$/.test(options.senderCode ?? 'KAKEHASI')) problems.push('/senderCode: 1–8 ASCII characters');
  if (!/^[\x20-\x7e]{1,8}$/.test(options.receiverCode ?? 'TAXSYS01')) problems.push('/receiverCode: 1–8 ASCII characters');
  if (!isValidLocalGovernmentCode(options.municipalityCode ?? '271004')) problems.push('/municipalityCode: a 地方公共団体コード with a valid check digit');
  if (options.pollIntervalMs !== undefined && (!Number.isFinite(options.pollIntervalMs) || options.pollIntervalMs < 10)) problems.push('/pollIntervalMs: at least 10');
  if (options.exchangeDirectory.trim() === '') problems.push('/exchangeDirectory: required');
  if (options.retentionDays !== undefined && (!Number.isInteger(options.retentionDays) || options.retentionDays < 1)) problems.push('/retentionDays: a whole number of days, 1 or more');
  if (problems.length > 0) {
    const [first] = problems;
    const [path, detail] = first!.split(': ');
    throw new ConfigurationError(detail ?? first!, { path: `/adapters/tax${path}` });
  }
}

/** Creates the tax adapter. Throws ConfigurationError for invalid options; touches the directory only when first used. */
export function createTaxAdapter(options: TaxAdapterOptions): TaxAdapter {
  checkOptions(options);
  const root = options.exchangeDirectory;
  const dirs = Object.fromEntries(DIRECTORIES.map((name) => [name, join(root, name)])) as Record<(typeof DIRECTORIES)[number], string>;
  const eras = options.eras ?? new EraTable();
  const retentionDays = options.retentionDays ?? 30;
  const encoding: Cp932Options = options.charsetPolicy.encoding ?? {};
  const log = options.logger.child({ system: TAX_SYSTEM });
  const parties: ExchangeParties = {
    senderCode: options.senderCode ?? 'KAKEHASI',
    receiverCode: options.receiverCode ?? 'TAXSYS01',
    municipalityCode: options.municipalityCode ?? '271004',
  };

  let state: Promise<ExchangeJournal<PendingEntry>> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  /** Runs `work` after everything queued before it; a failure does not block later work. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };

  const open = (): Promise<ExchangeJournal<PendingEntry>> => {
    state ??= (async () => {
      // The root is the share itself: when it is missing the share is not mounted, and creating it would write to the
      // mount point underneath, where the tax system never looks. Only the folders inside it are the adapter's to make.
      if (!(await stat(root)).isDirectory()) throw new Error('the exchange directory is not a directory');
      for (const directory of Object.values(dirs)) await mkdir(directory, { recursive: true });
      const retention = { now: options.clock(), retentionMs: retentionDays * DAY_MS };
      const journal = options.openJournal ? await options.openJournal(retention) : await FileExchangeJournal.open(join(root, 'journal'), retention);
      // A writer that died between a batch's manifest and its file: its batch is finished first, under its own name.
      if (await journal.ownership.acquire()) for (const manifest of await journal.unfinished()) await completeBatch(journal, manifest);
      return journal;
    })().catch((error: unknown) => {
      state = undefined;
      throw exchangeUnavailableError('the tax exchange directory cannot be opened', error);
    });
    return state;
  };

  /** The journal, when this process owns the exchange (taking or renewing the lease); undefined when another process does. */
  const owned = async (): Promise<ExchangeJournal<PendingEntry> | undefined> => {
    const journal = await open();
    return (await journal.ownership.acquire()) ? journal : undefined;
  };

  /** Refuses a file effect when the lease may run out before it is done: another process may own the exchange by then. */
  const ensureOwned = (journal: ExchangeJournal<PendingEntry>): void => {
    if (!journal.ownership.holds()) throw new ExchangeLeaseLostError(TAX_SYSTEM);
  };

  /** Writes (or, after a crash, confirms) the request file of a batch, then marks it written. */
  const completeBatch = async (journal: ExchangeJournal<PendingEntry>, manifest: BatchManifest): Promise<void> => {
    const taken = await Promise.all([dirs.outbox, dirs.processed, dirs.rejected].map((directory) => fileExists(join(directory, manifest.fileName))));
    if (!taken.some(Boolean)) {
      const entries = await journal.messagesOf(manifest);
      ensureOwned(journal);
      const summary = await writeRequestFile(dirs.outbox, manifest, entries, parties, encoding);
      log.info({ fileName: manifest.fileName, records: summary.recordCount }, 'tax request file written');
    }
    await journal.finishBatch(manifest);
  };

  const cutoff = async (force: boolean): Promise<string | null> => {
    const journal = await owned();
    if (!journal) return null;
    // A batch whose file could not be written (disk full, share gone, its writer died) goes first, under its own name.
    const [unfinished] = await journal.unfinished();
    if (unfinished) {
      await completeBatch(journal, unfinished);
      return unfinished.fileName;
    }
    const count = await journal.waitingCount();
    const [oldest] = await journal.waiting(1);
    const now = options.clock();
    if (count === 0 || (!force && !isCutoffDue(options.cutoff, count, oldest ? new Date(oldest.acceptedAt) : undefined, now))) return null;
    const batch = await journal.waiting(options.cutoff.maxMessages);
    const sequence = await journal.nextSequence();
    const manifest: BatchManifest = { fileName: requestFileName(now, sequence), sequence, createdAt: now.toISOString(), messageIds: batch.map((entry) => entry.messageId), state: 'writing' };
    await journal.beginBatch(manifest);
    await completeBatch(journal, manifest);
    return manifest.fileName;
  };

  const poll = async (): Promise<ResultFileReport[]> => {
    const journal = await owned();
    if (!journal) return [];
    const context: ResultInboxContext = {
      ...dirs,
      journal,
      ensureOwned: () => ensureOwned(journal),
      onResult: options.onResult,
      eras,
      log,
      now: options.clock,
      municipalityCode: parties.municipalityCode,
      maxFileBytes: options.maxResultFileBytes ?? 64 * 1024 * 1024,
    };
    const reports: ResultFileReport[] = [];
    for (const fileName of await listResultFiles(dirs.inbox)) reports.push(await processResultFile(context, fileName));
    return reports;
  };

  const tick = async (): Promise<{ requestFile: string | null; results: ResultFileReport[] }> => {
    let requestFile: string | null = null;
    // Several batches may be due at once (a backlog larger than maxMessages).
    for (let file = await serial(() => cutoff(false)); file !== null; file = await serial(() => cutoff(false))) requestFile = file;
    const results = await serial(poll);
    return { requestFile, results };
  };

  return {
    system: TAX_SYSTEM,

    async deliver(message: OutboundMessage, context: AdapterContext): Promise<DeliveryOutcome> {
      const { entry, changes } = buildRequestEntry(message, { ...options.charsetPolicy, policy: message.charset ?? options.charsetPolicy.policy }, eras);
      const accepted: DeliveryOutcome = { kind: 'accepted', correlationKey: message.messageId, ...charsetChangeNote(TAX_SYSTEM, changes) };
      const isNew = await serial(async () => {
        const journal = await open();
        try {
          return await journal.accept({ ...entry, acceptedAt: options.clock().toISOString() });
        } catch (error) {
          throw exchangeUnavailableError('the tax batch journal cannot be written', error);
        }
      });
      context.log.info({ messageId: message.messageId, duplicate: !isNew }, 'tax request accepted for the next batch');
      // The message is safe in the journal: a failing cut-off must not fail its delivery. Only the owner cuts off,
      // and asks nothing of the database to know it is one; the owner's next tick writes what others accepted.
      await serial(async () => ((await open()).ownership.holds() ? cutoff(false) : null)).catch((error: unknown) => log.error({ err: error }, 'tax cut-off failed; retried at the next tick'));
      return accepted;
    },

    async health(): Promise<void> {
      for (const directory of Object.values(dirs)) {
        try {
          if (!(await stat(directory)).isDirectory()) throw new Error('not a directory');
          await access(directory, constants.W_OK);
        } catch (error) {
          throw exchangeUnavailableError(`the tax exchange directory ${directory.slice(root.length + 1)} is missing or not writable`, error);
        }
      }
    },

    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = tick()
          .catch((error: unknown) => log.error({ err: error }, 'tax batch round failed'))
          .finally(() => {
            running = undefined;
          });
      }, options.pollIntervalMs ?? 10_000);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      await queue;
      // Another process takes the exchange over at once instead of after the lease.
      const journal = await state?.catch(() => undefined);
      await journal?.ownership.release().catch((error: unknown) => log.warn({ err: error }, 'the tax exchange lease could not be released; it expires on its own'));
    },

    async close(): Promise<void> {
      await this.stop();
      const journal = await state?.catch(() => undefined);
      state = undefined;
      await journal?.close();
    },

    tick,
    cutoffNow: () => serial(() => cutoff(true)),
    pollInbox: () => serial(poll),
    pendingCount: () => serial(async () => (await open()).waitingCount()),
  };
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
