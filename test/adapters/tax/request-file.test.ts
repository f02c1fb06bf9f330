import { readFileSync, watch } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, UpstreamError } from '../../../src/errors.js';
import { adapterContext, at, DEGRADE, exchangeDirectory, list, makeAdapter, PEOPLE, records, ReplyRecorder, taxMessage, TestClock } from './helpers.js';

let exchange: { path: string; cleanup: () => Promise<void> };
let clock: TestClock;
let recorder: ReplyRecorder;

beforeEach(async () => {
  exchange = await exchangeDirectory();
  clock = new TestClock('2025-06-02T01:00:00.000Z');
  recorder = new ReplyRecorder();
});
afterEach(() => exchange.cleanup());

const outbox = (): string => join(exchange.path, 'outbox');

describe('cut-off', () => {
  it('writes one request file when the message count is reached, and answers accepted with the message id', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 2 } });
    const first = await adapter.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
    expect(first).toEqual({ kind: 'accepted', correlationKey: 'app-1:send-to-tax' });
    expect(await list(outbox())).toEqual([]);
    await adapter.deliver(taxMessage('2', PEOPLE.yamasaki), adapterContext(clock));
    const files = await list(outbox());
    expect(files).toEqual(['KKH_REQ_20250602100000_000001.dat']);
    const lines = records(await readFile(join(outbox(), files[0]!)), 256);
    expect(lines.map((line) => String.fromCharCode(line[0]!))).toEqual(['1', '2', '2', '9']);
    expect(await adapter.pendingCount()).toBe(0);
  });

  it('writes the waiting messages once the oldest has waited maxWaitMs', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 100, maxWaitMs: 60_000 } });
    await adapter.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
    clock.advance(30_000);
    await adapter.deliver(taxMessage('2', PEOPLE.yamasaki), adapterContext(clock));
    clock.advance(29_999);
    expect((await adapter.tick()).requestFile).toBeNull();
    clock.advance(1);
    expect((await adapter.tick()).requestFile).toBe('KKH_REQ_20250602100100_000001.dat');
    expect(records(await readFile(join(outbox(), 'KKH_REQ_20250602100100_000001.dat')), 256)).toHaveLength(4);
    expect((await adapter.tick()).requestFile).toBeNull();
  });

  it('writes at a time of day in Japan when messages arrived before it', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 100, atTimesOfDay: ['22:00'] } });
    clock.set('2025-06-02T12:59:00.000Z'); // 21:59 JST
    await adapter.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock));
    expect((await adapter.tick()).requestFile).toBeNull();
    clock.set('2025-06-02T13:00:00.000Z'); // 22:00 JST
    expect((await adapter.tick()).requestFile).toBe('KKH_REQ_20250602220000_000001.dat');
    await adapter.deliver(taxMessage('2', PEOPLE.yamasaki), adapterContext(clock));
    clock.advance(60 * 60_000);
    expect((await adapter.tick()).requestFile).toBeNull();
  });

  it('writes a backlog larger than maxMessages as several files, in order', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 2, maxWaitMs: 0 } });
    const ids = ['1', '2', '3', '4', '5'];
    for (const id of ids) {
      await adapter.deliver(taxMessage(id, PEOPLE.takahashi), adapterContext(clock));
    }
    await adapter.tick();
    const files = await list(outbox());
    const counts = await Promise.all(files.map(async (file) => records(await readFile(join(outbox(), file)), 256).length - 2));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(files.every((file) => /^KKH_REQ_[0-9]{14}_[0-9]{6}\.dat$/.test(file))).toBe(true);
  });
});

describe('request file bytes', () => {
  it('puts every field at its documented position, in CP932, with count and checksum in the trailer', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder);
    await adapter.deliver(taxMessage('1', PEOPLE.takahashi, { fiscalYear: 2024 }), adapterContext(clock));
    await adapter.deliver(taxMessage('2', PEOPLE.nakamuraTome, { operation: 'payment-certificate', fiscalYear: 2025, taxKind: '03', extra: { copies: 3 } }), adapterContext(clock));
    const fileName = await adapter.cutoffNow();
    const bytes = await readFile(join(outbox(), fileName!));
    expect(bytes.length).toBe(4 * 258);
    const [header, first, second, trailer] = records(bytes, 256) as [Buffer, Buffer, Buffer, Buffer];

    expect(at(header, 1, 48).toString('latin1')).toBe('1KAKEHASITAXSYS01271004REQ20250602100000000001' + '01');
    expect(at(header, 49, 256).toString('latin1').trim()).toBe('');

    expect(at(first, 1, 1).toString('latin1')).toBe('2');
    expect(at(first, 2, 129).toString('latin1')).toBe('app-1:send-to-tax'.padEnd(128, ' '));
    expect(at(first, 130, 131).toString('latin1')).toBe('01');
    expect(at(first, 132, 141).toString('latin1')).toBe('1034004400');
    expect(at(first, 142, 144).toString('latin1')).toBe('506');
    expect(at(first, 145, 148).toString('latin1')).toBe('2024');
    expect(at(first, 149, 150).toString('latin1')).toBe('00');
    expect(at(first, 151, 190)).toEqual(iconv.encode('ﾀｶﾊｼ ｲﾁﾛｳ'.padEnd(40, ' '), 'cp932'));
    expect(at(first, 151, 151)[0]).toBe(0xc0);
    // 髙 is an NEC-selected IBM extension: 0xFBFC in CP932. U+3000 pads the field.
    const name = at(first, 191, 230);
    expect(name.subarray(0, 2)).toEqual(Buffer.from([0xfb, 0xfc]));
    expect(iconv.decode(name, 'cp932')).toBe('髙橋　一郎'.padEnd(20, '　'));
    expect(at(first, 231, 237).toString('latin1')).toBe('3640107');
    expect(at(first, 238, 239).toString('latin1')).toBe('01');
    expect(at(first, 240, 256).toString('latin1')).toBe(' '.repeat(17));

    expect(at(second, 130, 131).toString('latin1')).toBe('03');
    expect(at(second, 142, 148).toString('latin1')).toBe('5072025');
    expect(at(second, 149, 150).toString('latin1')).toBe('03');
    expect(at(second, 231, 237).toString('latin1')).toBe('0000000');
    expect(at(second, 238, 239).toString('latin1')).toBe('03');

    const sum = [...first, ...second].reduce((total, byte) => total + byte, 0);
    expect(at(trailer, 1, 1).toString('latin1')).toBe('9');
    expect(at(trailer, 2, 10).toString('latin1')).toBe('000000002');
    expect(Number(at(trailer, 11, 22).toString('latin1'))).toBe(sum);
  });

  it('truncates a long name at a character boundary, never inside a double-byte character', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder);
    const longName = '寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末';
    await adapter.deliver(taxMessage('1', PEOPLE.takahashi, { extra: { name: longName } }), adapterContext(clock));
    const [, record] = records(await readFile(join(outbox(), (await adapter.cutoffNow())!)), 256) as [Buffer, Buffer];
    expect(iconv.decode(at(record, 191, 230), 'cp932')).toBe(longName.slice(0, 20));
  });

  it('refuses 𠮷 under the reject policy with an InputError naming the field, and journals nothing', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder);
    const error = await adapter.deliver(taxMessage('1', PEOPLE.yoshida), adapterContext(clock)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([{ pointer: '/record/name', code: 'unmappable-character', message: expect.stringContaining('U+20BB7') }]);
    expect(JSON.stringify((error as InputError).issues)).not.toContain('𠮷');
    expect(await adapter.pendingCount()).toBe(0);
    expect(await adapter.cutoffNow()).toBeNull();
    const holding = makeAdapter(exchange.path, clock, recorder, { charsetPolicy: { policy: 'hold' } });
    await expect(holding.deliver(taxMessage('2', PEOPLE.yoshida), adapterContext(clock))).rejects.toMatchObject({ code: 'unmappable-character', issues: [{ pointer: '/record/name' }] });
  });

  it('refuses 髙 for a JIS X 0208-only tax system under reject, and sends 𠮷 as 吉 under degrade', async () => {
    const strict = makeAdapter(exchange.path, clock, recorder, { charsetPolicy: { policy: 'reject', encoding: { repertoire: 'jis-x-0208' } } });
    await expect(strict.deliver(taxMessage('1', PEOPLE.takahashi), adapterContext(clock))).rejects.toMatchObject({ code: 'unmappable-character', issues: [{ pointer: '/record/name' }] });

    const degrading = makeAdapter(exchange.path, clock, recorder, { charsetPolicy: { policy: 'degrade', degrade: DEGRADE, encoding: { repertoire: 'jis-x-0208' } } });
    await degrading.deliver(taxMessage('2', PEOPLE.yoshida), adapterContext(clock));
    await degrading.deliver(taxMessage('3', PEOPLE.takahashi), adapterContext(clock));
    const [, yoshida, takahashi] = records(await readFile(join(outbox(), (await degrading.cutoffNow())!)), 256) as [Buffer, Buffer, Buffer];
    expect(iconv.decode(at(yoshida, 191, 230), 'cp932').trimEnd().replace(/　+$/, '')).toBe('吉田　茂');
    expect(iconv.decode(at(takahashi, 191, 230), 'cp932').replace(/　+$/, '')).toBe('高橋　一郎');
    expect(at(yoshida, 191, 230).includes(0x3f)).toBe(false);
  });

  it('refuses invalid and hostile records before accepting them', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder);
    const context = adapterContext(clock);
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    await expect(adapter.deliver(taxMessage('1', PEOPLE.takahashi, { extra: hostile }), context)).rejects.toMatchObject({ code: 'tax-record-invalid', issues: [{ code: 'unknown-field' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expect(adapter.deliver(taxMessage('2', PEOPLE.takahashi, { extra: { atenaNumber: '1034004401' } }), context)).rejects.toMatchObject({ issues: [{ pointer: '/record/atenaNumber' }] });
    await expect(adapter.deliver(taxMessage('3', PEOPLE.takahashi, { extra: { name: '髙'.repeat(100_000) } }), context)).rejects.toBeInstanceOf(InputError);
    await expect(adapter.deliver(taxMessage('4', PEOPLE.takahashi, { extra: { nameKana: 'タカハシ' } }), context)).rejects.toMatchObject({ issues: [{ pointer: '/record/nameKana', code: 'invalid-character' }] });
    await expect(adapter.deliver(taxMessage('5', PEOPLE.takahashi, { extra: { name: 'Takahashi' } }), context)).rejects.toMatchObject({ issues: [{ pointer: '/record/name' }] });
    await expect(adapter.deliver(taxMessage('6', PEOPLE.takahashi, { extra: { birthDate: '1850-01-01' } }), context)).rejects.toMatchObject({ issues: [{ pointer: '/record/birthDate' }] });
    const unknownOperation = await adapter.deliver(taxMessage('7', PEOPLE.takahashi, { operation: 'drop-tables' }), context).catch((caught: unknown) => caught);
    expect(unknownOperation).toBeInstanceOf(UpstreamError);
    expect(unknownOperation).toMatchObject({ retryable: false, code: 'tax-operation-unknown' });
    const longId = { ...taxMessage('8', PEOPLE.takahashi), messageId: 'x'.repeat(129) };
    await expect(adapter.deliver(longId, context)).rejects.toMatchObject({ retryable: false, code: 'tax-message-invalid' });
    expect(await adapter.pendingCount()).toBe(0);
  });
});

describe('atomic write', () => {
  it('shows only complete files under final names; temporary names never remain', async () => {

    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 20 } });
    await adapter.pendingCount();
    const seen: { name: string; complete: boolean | 'gone' }[] = [];
    const watcher = watch(outbox(), (_event, name) => {
      if (!name || !name.startsWith('KKH_REQ_')) {
        if (name) seen.push({ name, complete: 'gone' });
        return;
      }
      try {
        const bytes = readFileSync(join(outbox(), name));
        seen.push({ name, complete: bytes.length > 0 && bytes.length % 258 === 0 && bytes[bytes.length - 258] === 0x39 });
      } catch {
        seen.push({ name, complete: 'gone' });
      }
    });
    try {
      for (let i = 0; i < 80; i++) await adapter.deliver(taxMessage(String(i), PEOPLE.takahashi), adapterContext(clock));
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      watcher.close();
    }
    const finals = await list(outbox());
    expect(finals).toHaveLength(4);
    expect(finals.every((name) => /^KKH_REQ_[0-9]{14}_[0-9]{6}\.dat$/.test(name))).toBe(true);
    expect(seen.filter((entry) => entry.name.startsWith('KKH_REQ_')).every((entry) => entry.complete === true)).toBe(true);
    expect(seen.some((entry) => entry.name.startsWith('.KKH_REQ_') && entry.name.endsWith('.tmp'))).toBe(true);
  });
});

describe('health', () => {
  it('passes once the directories exist and fails with a retryable UpstreamError when one is missing', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder);
    await adapter.pendingCount();
    await expect(adapter.health(adapterContext(clock))).resolves.toBeUndefined();
    await rm(join(exchange.path, 'inbox'), { recursive: true });
    await expect(adapter.health(adapterContext(clock))).rejects.toMatchObject({ system: 'tax', retryable: true, code: 'tax-exchange-unavailable' });
  });
});
