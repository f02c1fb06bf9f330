import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixedWidthWriter } from '../../../src/codecs/fixed-width.js';
import { parseFixedWidthFile } from '../../../src/codecs/fixed-width-parser.js';
import { TAX_REQUEST_LAYOUT, TAX_RESULT_LAYOUT } from '../../../adapters/tax/index.js';
import type { TaxSimulator } from '../../../adapters/tax/simulator/index.js';
import { exchangeDirectory, list, makeSimulator, TestClock } from './helpers.js';

let exchange: { path: string; cleanup: () => Promise<void> };
let simulator: TaxSimulator;

beforeEach(async () => {
  exchange = await exchangeDirectory();
  simulator = await makeSimulator(exchange.path, new TestClock('2025-06-02T13:00:00.000Z'));
});
afterEach(async () => {
  await simulator.close();
  await exchange.cleanup();
});

async function writeRequest(name: string, records: Record<string, unknown>[]): Promise<void> {
  const writer = createFixedWidthWriter(TAX_REQUEST_LAYOUT, createWriteStream(join(exchange.path, 'outbox', name)), {
    header: { senderCode: 'OTHERSYS', receiverCode: 'TAXSYS01', municipalityCode: '271004', fileKind: 'REQ', createdAt: '20250602215900', fileSequence: 42, layoutVersion: '01' },
  });
  for (const record of records) await writer.write(record);
  await writer.end();
}

const base = { requestKind: '01', atenaNumber: '1034004400', fiscalYearEra: '506', fiscalYear: 2024, taxKind: '00', nameKana: 'ﾀｶﾊｼ', name: '髙橋', birthDate: '3640107', copies: 1 };

describe('tax simulator', () => {
  it('checks each request record as the tax system does and answers with a detail code', async () => {
    await writeRequest('KKH_REQ_20250602215900_000042.dat', [
      { ...base, messageId: 'ok' },
      { ...base, messageId: 'bad-check-digit', atenaNumber: '1034004401' },
      { ...base, messageId: 'era-mismatch', fiscalYearEra: '505' },
      { ...base, messageId: 'out-of-range', fiscalYearEra: '502', fiscalYear: 2020 },
      { ...base, messageId: 'unknown-kind', requestKind: '09' },
      { ...base, messageId: 'unknown-tax-kind', requestKind: '03', taxKind: '07' },
      { ...base, messageId: 'ok' },
    ]);
    expect(await simulator.poll()).toEqual(['KKH_RES_20250602220000_000042.dat']);
    expect(simulator.received()).toEqual(['KKH_REQ_20250602215900_000042.dat']);
    const parsed = parseFixedWidthFile(TAX_RESULT_LAYOUT, await readFile(join(exchange.path, 'inbox', 'KKH_RES_20250602220000_000042.dat')));
    if (!parsed.ok) throw new Error('the simulator wrote an invalid file');
    expect(parsed.header).toMatchObject({ senderCode: 'TAXSYS01', fileKind: 'RES', fileStatus: '00', requestFileName: 'KKH_REQ_20250602215900_000042.dat', fileSequence: '000042' });
    expect(parsed.records.map((record) => [record.messageId, record.resultCode, record.detailCode])).toEqual([
      ['ok', '00', ''],
      ['bad-check-digit', '90', 'E101'],
      ['era-mismatch', '90', 'E102'],
      ['out-of-range', '90', 'E103'],
      ['unknown-kind', '90', 'E104'],
      ['unknown-tax-kind', '90', 'E104'],
      ['ok', '90', 'E105'],
    ]);
    expect(await list(join(exchange.path, 'processed'))).toEqual(['KKH_REQ_20250602215900_000042.dat']);
  });

  it('refuses a request file of another municipality or of bytes that are not records, and ignores other names', async () => {
    await writeRequest('KKH_REQ_20250602215900_000043.dat', [{ ...base, messageId: 'x' }]);
    const path = join(exchange.path, 'outbox', 'KKH_REQ_20250602215900_000043.dat');
    const bytes = await readFile(path);
    bytes.write('131016', 17, 'latin1');
    await writeFile(path, bytes);
    await writeFile(join(exchange.path, 'outbox', 'KKH_REQ_20250602215900_000044.dat'), Buffer.alloc(100_000, 0xff));
    await writeFile(join(exchange.path, 'outbox', '.KKH_REQ_20250602215900_000045.dat.tmp'), 'being written');
    await writeFile(join(exchange.path, 'outbox', 'notes.txt'), 'not a request');
    const written = await simulator.poll();
    expect(written).toEqual(['KKH_RES_20250602220000_000043.dat', 'KKH_RES_20250602220000_000044.dat']);
    for (const name of written) {
      const parsed = parseFixedWidthFile(TAX_RESULT_LAYOUT, await readFile(join(exchange.path, 'inbox', name)));
      expect(parsed.ok && parsed.header.fileStatus === '90' && parsed.header.fileErrorCode === 'E901' && parsed.records.length === 0).toBe(true);
    }
    expect(await list(join(exchange.path, 'rejected'))).toEqual([
      'KKH_REQ_20250602215900_000043.dat',
      'KKH_REQ_20250602215900_000043.dat.reason',
      'KKH_REQ_20250602215900_000044.dat',
      'KKH_REQ_20250602215900_000044.dat.reason',
    ]);
    expect(await list(join(exchange.path, 'outbox'))).toEqual(['.KKH_REQ_20250602215900_000045.dat.tmp', 'notes.txt']);
  });
});
