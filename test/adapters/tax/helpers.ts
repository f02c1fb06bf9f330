import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createDegradeTable } from '../../../src/codecs/degrade.js';
import type { AdapterContext, OutboundMessage } from '../../../src/runner/adapter.js';
import { createTaxAdapter, TAX_REQUEST_LAYOUT, type TaxAdapter, type TaxAdapterOptions } from '../../../adapters/tax/index.js';
import { parseFixedWidthFile } from '../../../src/codecs/fixed-width-parser.js';
import { REQUEST_FILE_NAME } from '../../../adapters/tax/wire/file-names.js';
import { startTaxSimulator, type TaxSimulator, type TaxSimulatorOptions } from '../../../adapters/tax/simulator/index.js';

/** A clock tests move by hand. */
export class TestClock {
  private current: number;
  constructor(iso = '2025-06-02T01:00:00.000Z') {
    this.current = Date.parse(iso);
  }
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current += ms;
  }
  set(iso: string): void {
    this.current = Date.parse(iso);
  }
}

export const silentLogger = pino({ level: 'silent' });

export function adapterContext(clock: TestClock): AdapterContext {
  return { signal: new AbortController().signal, log: silentLogger, now: clock.now };
}

/** Replies the runner got, in order. */
export class ReplyRecorder {
  readonly replies: { key: string; reply: Record<string, unknown> }[] = [];
  /** Keys the runner accepted; a second reply for the same key returns false, as the runner does. */
  private readonly taken = new Set<string>();
  onResult = async (key: string, reply: Record<string, unknown>): Promise<boolean> => {
    this.replies.push({ key, reply });
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  };
  of(key: string): Record<string, unknown> & { data: Record<string, unknown> } {
    const found = this.replies.find((item) => item.key === key);
    if (!found) throw new Error(`no reply for ${key}`);
    return found.reply as Record<string, unknown> & { data: Record<string, unknown> };
  }
}

export const DEGRADE = createDegradeTable({ replacements: { '𠮷': '吉', 髙: '高' } });

/** Test residents: registry name, half-width kana, birth date. */
export const PEOPLE = {
  takahashi: { atenaNumber: '1034004400', name: '髙橋　一郎', nameKana: 'ﾀｶﾊｼ ｲﾁﾛｳ', birthDate: '1989-01-07' },
  yamasaki: { atenaNumber: '1034401825', name: '山﨑　正', nameKana: 'ﾔﾏｻｷ ﾀﾀﾞｼ', birthDate: '1955-03-12' },
  yoshida: { atenaNumber: '1034800495', name: '𠮷田　茂', nameKana: 'ﾖｼﾀﾞ ｼｹﾞﾙ', birthDate: '1948-09-30' },
  watanabe: { atenaNumber: '1035604908', name: '渡邉　大輔', nameKana: 'ﾜﾀﾅﾍﾞ ﾀﾞｲｽｹ', birthDate: '1978-04-01' },
  nakamuraTome: { atenaNumber: '1036062335', name: '中村　トメ', nameKana: 'ﾅｶﾑﾗ ﾄﾒ', birthDate: null },
  ito: { atenaNumber: '1036402756', name: '伊藤　さくら', nameKana: 'ｲﾄｳ ｻｸﾗ', birthDate: '1995-02-28' },
  sasaki: { atenaNumber: '1036437770', name: '佐々木　湊', nameKana: 'ｻｻｷ ﾐﾅﾄ', birthDate: '1994-09-09' },
} as const;

export function taxMessage(
  id: string,
  person: (typeof PEOPLE)[keyof typeof PEOPLE],
  options: { operation?: string; fiscalYear?: number; taxKind?: string; extra?: Record<string, unknown> } = {},
): OutboundMessage {
  return {
    messageId: `app-${id}:send-to-tax`,
    applicationId: `app-${id}`,
    procedureId: 'tax-certificate',
    step: 'send-to-tax',
    operation: options.operation ?? 'taxation-certificate',
    record: {
      atenaNumber: person.atenaNumber,
      fiscalYear: options.fiscalYear ?? 2024,
      name: person.name,
      nameKana: person.nameKana,
      birthDate: person.birthDate,
      ...(options.taxKind ? { taxKind: options.taxKind } : {}),
      ...options.extra,
    },
  };
}

/** A temporary exchange directory, removed by `cleanup`. */
export async function exchangeDirectory(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'kakehashi-tax-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export function makeAdapter(directory: string, clock: TestClock, recorder: ReplyRecorder, overrides: Partial<TaxAdapterOptions> = {}): TaxAdapter {
  return createTaxAdapter({
    exchangeDirectory: directory,
    cutoff: { maxMessages: 100 },
    charsetPolicy: { policy: 'reject' },
    clock: clock.now,
    logger: silentLogger,
    onResult: recorder.onResult,
    ...overrides,
  });
}

/** A simulator driven by hand (`poll()`): its timer is far in the future. */
export function makeSimulator(directory: string, clock: TestClock, overrides: Partial<TaxSimulatorOptions> = {}): Promise<TaxSimulator> {
  return startTaxSimulator({ exchangeDirectory: directory, pollIntervalMs: 3_600_000, clock: clock.now, ...overrides });
}

export async function list(directory: string): Promise<string[]> {
  return (await readdir(directory)).sort();
}

/**
 * Message ids of every request file in `directory` (outbox/ or processed/), file by file in name order. A file
 * still being written (`.<name>.tmp`) is not a request file yet.
 */
export async function messageIdsOfRequestFiles(directory: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of (await list(directory)).filter((candidate) => REQUEST_FILE_NAME.test(candidate))) {
    const parsed = parseFixedWidthFile(TAX_REQUEST_LAYOUT, await readFile(join(directory, name)));
    if (!parsed.ok) throw new Error(`${name} is not a valid request file`);
    ids.push(...parsed.records.map((record) => record.messageId!));
  }
  return ids;
}

/** Splits a fixed-length file into records, checking every one ends in CRLF. */
export function records(bytes: Buffer, recordLength: number): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += recordLength + 2) {
    const record = bytes.subarray(offset, offset + recordLength + 2);
    if (record.length !== recordLength + 2 || record[recordLength] !== 0x0d || record[recordLength + 1] !== 0x0a) throw new Error(`record at ${offset} is not ${recordLength} bytes + CRLF`);
    out.push(record.subarray(0, recordLength));
  }
  return out;
}

/** Bytes at 1-based inclusive positions, as the README numbers them. */
export function at(record: Buffer, from: number, to: number): Buffer {
  return record.subarray(from - 1, to);
}
