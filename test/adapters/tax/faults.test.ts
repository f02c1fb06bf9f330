import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rename, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixedWidthWriter } from '../../../src/codecs/fixed-width.js';
import { TAX_RESULT_LAYOUT, type TaxAdapter } from '../../../adapters/tax/index.js';
import type { TaxSimulator } from '../../../adapters/tax/simulator/index.js';
import { adapterContext, exchangeDirectory, list, makeAdapter, makeSimulator, PEOPLE, ReplyRecorder, taxMessage, TestClock } from './helpers.js';

let exchange: { path: string; cleanup: () => Promise<void> };
let clock: TestClock;
let recorder: ReplyRecorder;
let simulator: TaxSimulator;
let adapter: TaxAdapter;

const dir = (name: string): string => join(exchange.path, name);

beforeEach(async () => {
  exchange = await exchangeDirectory();
  clock = new TestClock('2025-06-02T13:00:00.000Z');
  recorder = new ReplyRecorder();
  simulator = await makeSimulator(exchange.path, clock);
  adapter = makeAdapter(exchange.path, clock, recorder);
});
afterEach(async () => {
  await simulator.close();
  await exchange.cleanup();
});

async function sendTwo(): Promise<void> {
  await adapter.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
  await adapter.deliver(taxMessage('2', PEOPLE.ito, { operation: 'payment-certificate' }), adapterContext(clock));
  await adapter.cutoffNow();
}

describe('broken result files', () => {
  it.each([
    ['truncate', 'missing-trailer'],
    ['count-mismatch', 'count-mismatch'],
    ['bad-checksum', 'checksum-mismatch'],
  ] as const)('%s: moved to rejected/ with a .reason file, nothing resumed', async (kind, code) => {
    simulator.faults.push({ kind });
    await sendTwo();
    const [resultName] = await simulator.poll();
    const reports = await adapter.pollInbox();
    expect(reports).toEqual([{ fileName: resultName, outcome: 'rejected', reason: expect.any(String) }]);
    expect(recorder.replies).toEqual([]);
    expect(await list(dir('rejected'))).toEqual([resultName, `${resultName}.reason`]);
    const reason = await readFile(join(dir('rejected'), `${resultName}.reason`), 'utf8');
    expect(reason).toContain(`file: ${resultName}`);
    expect(reason).toContain(code);
    expect(await list(dir('inbox'))).toEqual([]);
    expect((await list(dir('processed'))).filter((name) => name.startsWith('KKH_RES_'))).toEqual([]);
  });

  it('a corrected file sent again under the same name after a rejection is processed', async () => {
    simulator.faults.push({ kind: 'bad-checksum' });
    await sendTwo();
    const [resultName] = await simulator.poll();
    await adapter.pollInbox();
    // The tax system regenerates its answer: the request is fed to it again.
    await copyFile(join(dir('processed'), 'KKH_REQ_20250602220000_000001.dat'), join(dir('outbox'), 'KKH_REQ_20250602220000_000001.dat'));
    expect(await simulator.poll()).toEqual([resultName]);
    expect(await adapter.pollInbox()).toMatchObject([{ fileName: resultName, outcome: 'processed', resumed: 2 }]);
  });

  it('rejects an oversized file without reading it', async () => {
    await sendTwo();
    const [resultName] = await simulator.poll();
    const small = makeAdapter(exchange.path, clock, recorder, { maxResultFileBytes: 1000 });
    expect(await small.pollInbox()).toEqual([{ fileName: resultName, outcome: 'rejected', reason: expect.stringMatching(/^file-too-large/) }]);
    expect(recorder.replies).toEqual([]);
  });

  it('rejects an inbox entry that is not a regular file (a named pipe, a link to /dev/zero, a directory) without reading it', async () => {
    const names = ['KKH_RES_20250602220000_000091.dat', 'KKH_RES_20250602220000_000092.dat', 'KKH_RES_20250602220000_000093.dat'];
    execFileSync('mkfifo', [join(dir('inbox'), names[0]!)]);
    await symlink('/dev/zero', join(dir('inbox'), names[1]!));
    await mkdir(join(dir('inbox'), names[2]!));
    const reports = await adapter.pollInbox();
    expect(reports).toEqual(names.map((fileName) => ({ fileName, outcome: 'rejected', reason: expect.stringMatching(/^not-a-regular-file/) })));
    expect(await list(dir('inbox'))).toEqual([]);
    expect(await list(dir('rejected'))).toEqual(names.flatMap((name) => [name, `${name}.reason`]));
    expect(recorder.replies).toEqual([]);
  });

  it('rejects a well-formed file whose records carry codes the interface does not define', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const writer = createFixedWidthWriter(TAX_RESULT_LAYOUT, sink, {
      header: { senderCode: 'TAXSYS01', receiverCode: 'KAKEHASI', municipalityCode: '271004', fileKind: 'RES', createdAt: '20250602220000', fileSequence: 7, layoutVersion: '01', fileStatus: '00' },
    });
    await writer.write({ messageId: 'app-1:send-to-tax', requestKind: '01', atenaNumber: '1034004400', fiscalYearEra: '506', fiscalYear: 2024, resultCode: '00', spouseKind: 0 });
    await writer.write({ messageId: 'app-2:send-to-tax', requestKind: '77', atenaNumber: '1034004400', fiscalYearEra: '506', fiscalYear: 2024, resultCode: '00' });
    await writer.end();
    await writeFile(join(dir('inbox'), 'KKH_RES_20250602220000_000007.dat'), Buffer.concat(chunks));
    expect(await adapter.pollInbox()).toEqual([{ fileName: 'KKH_RES_20250602220000_000007.dat', outcome: 'rejected', reason: expect.stringContaining('record-invalid at line 3') }]);
    expect(recorder.replies).toEqual([]);
  });

  it('rejects a result file of another municipality and bytes that are not records', async () => {
    await sendTwo();
    const [resultName] = await simulator.poll();
    const original = await readFile(join(dir('inbox'), resultName!));
    await rename(join(dir('inbox'), resultName!), join(dir('rejected'), 'original.dat'));
    const otherCity = Buffer.from(original);
    otherCity.write('131016', 17, 'latin1');
    await writeFile(join(dir('inbox'), 'KKH_RES_20250602220000_000102.dat'), otherCity);
    await writeFile(join(dir('inbox'), 'KKH_RES_20250602220000_000103.dat'), Buffer.from('\x00\xff'.repeat(5000), 'latin1'));
    const reports = await adapter.pollInbox();
    expect(reports).toMatchObject([
      { outcome: 'rejected', reason: expect.stringContaining('header-municipality') },
      { outcome: 'rejected', reason: expect.stringMatching(/^(record-length|line-ending)/) },
    ]);
    expect(recorder.replies).toEqual([]);
  });
});

describe('duplicates', () => {
  it('the same result file delivered twice resumes each application once', async () => {
    simulator.faults.push({ kind: 'duplicate' });
    await sendTwo();
    const [resultName] = await simulator.poll();
    expect(await adapter.pollInbox()).toMatchObject([{ outcome: 'processed', resumed: 2 }]);
    expect(await simulator.poll()).toEqual([resultName]);
    expect(await adapter.pollInbox()).toMatchObject([{ fileName: resultName, outcome: 'rejected', reason: expect.stringContaining('duplicate') }]);
    expect(recorder.replies).toHaveLength(2);
    expect(await list(dir('processed'))).toContain(resultName);
  });

  it('the same message id answered again in a later file is not resumed again', async () => {
    await sendTwo();
    await simulator.poll();
    await adapter.pollInbox();
    clock.advance(60_000);
    await copyFile(join(dir('processed'), 'KKH_REQ_20250602220000_000001.dat'), join(dir('outbox'), 'KKH_REQ_20250602220000_000001.dat'));
    expect(await simulator.poll()).toEqual(['KKH_RES_20250602220100_000001.dat']);
    expect(await adapter.pollInbox()).toMatchObject([{ outcome: 'processed', records: 2, resumed: 0 }]);
    expect(recorder.replies).toHaveLength(2);
  });

  it('a delayed answer arrives on a later round and is processed then', async () => {
    simulator.faults.push({ kind: 'delay', polls: 2 });
    await sendTwo();
    expect(await simulator.poll()).toEqual([]);
    expect(await adapter.pollInbox()).toEqual([]);
    expect(await simulator.poll()).toEqual([]);
    expect(await simulator.poll()).toEqual(['KKH_RES_20250602220000_000001.dat']);
    expect(await adapter.pollInbox()).toMatchObject([{ outcome: 'processed', resumed: 2 }]);
  });
});

describe('refused request file', () => {
  it('rejects every application of a request file the tax system refused as a whole', async () => {
    await sendTwo();
    await truncate(join(dir('outbox'), 'KKH_REQ_20250602220000_000001.dat'), 300);
    await simulator.poll();
    expect(await list(dir('rejected'))).toEqual(['KKH_REQ_20250602220000_000001.dat', 'KKH_REQ_20250602220000_000001.dat.reason']);
    expect(await adapter.pollInbox()).toMatchObject([{ outcome: 'processed', records: 2, resumed: 2 }]);
    expect(recorder.replies.map((item) => item.key).sort()).toEqual(['app-1:send-to-tax', 'app-2:send-to-tax']);
    expect(recorder.of('app-1:send-to-tax')).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('E901'), data: { resultCode: '90' } });
  });
});
