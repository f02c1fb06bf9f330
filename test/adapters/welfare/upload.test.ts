import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCp932 } from '../../../src/codecs/cp932.js';
import { ConfigurationError, UpstreamError } from '../../../src/errors.js';
import { createWelfareAdapter, WELFARE_ERROR_CODES, type WelfareAdapter, type WelfareAdapterOptions } from '../../../adapters/welfare/index.js';
import { startWelfareSimulator, type WelfareSimulator } from '../../../adapters/welfare/simulator/index.js';
import { context, SECRET, thrown, TWO_CHILD_CLAIM_CSV, twoChildClaim } from './helpers.js';

const MESSAGE_ID = 'app-1:send-claim';

let simulator: WelfareSimulator;

beforeEach(async () => {
  simulator = await startWelfareSimulator({ callbackSecret: SECRET, now: () => new Date('2026-04-01T00:30:00Z') });
});

afterEach(async () => {
  await simulator.close();
});

function adapterWith(overrides: Partial<WelfareAdapterOptions> = {}): WelfareAdapter {
  return createWelfareAdapter({ baseUrl: simulator.url, timeoutMs: 5_000, encoding: 'cp932', charsetPolicy: { policy: 'reject' }, ...overrides });
}

const claimMessage = (record: Record<string, unknown> = twoChildClaim(), messageId = MESSAGE_ID) => ({
  messageId,
  applicationId: 'app-1',
  procedureId: 'child-allowance',
  step: 'send-claim',
  operation: 'child-allowance-claim',
  record,
});

describe('child-allowance claim upload in CP932', () => {
  it('sends exactly the documented CSV, one row per child, as Shift_JIS with the message id header', async () => {
    const outcome = await adapterWith().deliver(claimMessage(), context());
    expect(outcome).toEqual({ kind: 'accepted', correlationKey: MESSAGE_ID });

    const [request] = simulator.received();
    expect(request?.path).toBe('/api/v1/imports/child-allowance-claim');
    expect(request?.contentType).toBe('text/csv; charset=Shift_JIS');
    expect(request?.messageId).toBe(MESSAGE_ID);
    expect(decodeCp932(request!.body)).toBe(TWO_CHILD_CLAIM_CSV);
    // Not UTF-8 in disguise: 髙 is the IBM extension code FB FC, and nothing became '?'.
    expect(request!.body.includes(Buffer.from([0xfb, 0xfc]))).toBe(true);
    expect(request!.body.includes(0x3f)).toBe(false);
  });

  it('writes 受給者氏名カナ as single-byte half-width katakana', async () => {
    await adapterWith().deliver(claimMessage(), context());
    const body = simulator.received()[0]!.body;
    // ﾀｶﾊｼ ｲﾁﾛｳ: C0 B6 CA BC 20 B2 C1 DB B3, between the commas of its column.
    const kana = Buffer.from([0x2c, 0xc0, 0xb6, 0xca, 0xbc, 0x20, 0xb2, 0xc1, 0xdb, 0xb3, 0x2c]);
    const dataRows = body.subarray(body.indexOf('\r\n') + 2);
    expect(dataRows.indexOf(kana)).toBeGreaterThan(0);
    // ｼｮｳﾀ of the first child: the small ｮ is AE.
    expect(dataRows.includes(Buffer.from([0xbc, 0xae, 0xb3, 0xc0]))).toBe(true);
  });

  it('is imported once as one claim with two children', async () => {
    const receipt = await adapterWith().upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    expect(receipt).toEqual({ importId: 'IMP-20260401-000001', records: 2, duplicate: false, charsetChanges: [] });
    const [stored] = simulator.imports();
    expect(stored?.record).toEqual({ ...twoChildClaim(), children: twoChildClaim().children });
  });
});

describe('UTF-8 uploads', () => {
  it('sends UTF-8 without BOM when configured for the record type, declared as charset=utf-8', async () => {
    const adapter = adapterWith({ encodingByRecordType: { 'child-allowance-claim': 'utf-8' } });
    await adapter.deliver(claimMessage(), context());
    const [request] = simulator.received();
    expect(request?.contentType).toBe('text/csv; charset=utf-8');
    expect(request!.body.equals(Buffer.from(TWO_CHILD_CLAIM_CSV, 'utf8'))).toBe(true);
    expect(simulator.imports()).toHaveLength(1);
  });

  it('starts with a BOM when asked, and the package still reads the first header as メッセージID', async () => {
    await adapterWith({ encoding: 'utf-8', utf8Bom: true }).deliver(claimMessage(), context());
    const body = simulator.received()[0]!.body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3).toString('utf8')).toBe(TWO_CHILD_CLAIM_CSV);
    expect(simulator.imports()[0]?.record).toEqual(twoChildClaim());
  });

  it('carries characters outside CP932 unchanged, so no charset policy applies', async () => {
    const record = twoChildClaim();
    record.children[0]!.name = '𠮷田　翔太';
    await adapterWith({ encoding: 'utf-8' }).upload('child-allowance-claim', record, MESSAGE_ID, context());
    expect(simulator.imports()[0]?.record).toMatchObject({ children: [{ name: '𠮷田　翔太' }, {}] });
  });
});

describe('duplicates', () => {
  it('a second upload with the same message id gets the original import id and imports nothing', async () => {
    const adapter = adapterWith();
    const first = await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    const again = await adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await adapter.deliver(claimMessage(), context())).toEqual({ kind: 'accepted', correlationKey: MESSAGE_ID });
    expect(simulator.imports()).toHaveLength(1);
    expect(simulator.received().map((request) => request.status)).toEqual([202, 409, 409]);
  });

  it('another message id is another import', async () => {
    const adapter = adapterWith();
    const first = await adapter.upload('child-allowance-claim', twoChildClaim(), 'app-1:send-claim', context());
    const second = await adapter.upload('child-allowance-claim', twoChildClaim(), 'app-2:send-claim', context());
    expect(second.importId).not.toBe(first.importId);
    expect(simulator.imports()).toHaveLength(2);
  });
});

describe('records the adapter refuses before sending', () => {
  const cases: [string, (record: ReturnType<typeof twoChildClaim>) => unknown, string][] = [
    ['no children', (record) => ({ ...record, children: [] }), '/children'],
    ['a seven-digit account number of six digits', (record) => ({ ...record, claimant: { ...record.claimant, bankAccount: { ...record.claimant.bankAccount, accountNumber: '123456' } } }), '/claimant/bankAccount/accountNumber'],
    ['full-width katakana where half-width is required', (record) => ({ ...record, claimant: { ...record.claimant, nameKana: 'タカハシ　イチロウ' } }), '/claimant/nameKana'],
    ['平成 with a 令和 date (平成31年5月1日)', (record) => ({ ...record, claimant: { ...record.claimant, birthDate: '4310501' } }), '/claimant/birthDate'],
    ['a 宛名番号 with a wrong check digit', (record) => ({ ...record, claimant: { ...record.claimant, atenaNumber: '1034004401' } }), '/claimant/atenaNumber'],
    ['a line break in the address', (record) => ({ ...record, claimant: { ...record.claimant, address: '大阪市北区\r\n天満' } }), '/claimant/address'],
    ['an unknown key', (record) => ({ ...record, extra: 'x' }), '/'],
    ['a __proto__ key', (record) => JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(record).slice(1)}`), '/'],
    ['21 children', (record) => ({ ...record, children: Array.from({ length: 21 }, () => record.children[0]) }), '/children'],
    ['a deeply nested value', (record) => ({ ...record, claimant: { ...record.claimant, name: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) } }), '/claimant/name'],
  ];

  for (const [name, change, pointer] of cases) {
    it(`${name}: permanent welfare-message-invalid naming ${pointer}, nothing sent`, async () => {
      const error = await thrown(() => adapterWith().deliver(claimMessage(change(twoChildClaim()) as Record<string, unknown>), context()));
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).retryable).toBe(false);
      expect((error as UpstreamError).code).toBe(WELFARE_ERROR_CODES.messageInvalid);
      expect((error as UpstreamError).message).toContain(pointer);
      expect((error as UpstreamError).message).not.toMatch(/髙橋|1234|タカハシ|天満/);
      expect(simulator.received()).toHaveLength(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('refuses an unknown record type and a message id the package cannot take', async () => {
    const unknown = await thrown(() => adapterWith().deliver({ ...claimMessage(), operation: 'pension-claim' }, context()));
    expect((unknown as UpstreamError).code).toBe(WELFARE_ERROR_CODES.messageInvalid);
    const badId = await thrown(() => adapterWith().deliver(claimMessage(twoChildClaim(), 'x'.repeat(129)), context()));
    expect((badId as UpstreamError).code).toBe(WELFARE_ERROR_CODES.messageInvalid);
    expect(simulator.received()).toHaveLength(0);
  });
});

describe('business-support-grant', () => {
  it('is one row with the documented columns, imported and acknowledged', async () => {
    const record = {
      business: { name: '株式会社なにわ食堂', nameKana: 'ｶ)ﾅﾆﾜｼﾖｸﾄﾞｳ', corporateNumber: null, postalCode: '530-0001', address: '大阪府大阪市北区梅田1丁目1番1号' },
      representative: { title: '代表取締役', name: '中村　優子', nameKana: 'ﾅｶﾑﾗ ﾕｳｺ', phone: '06-6123-4567' },
      shop: { name: 'なにわ食堂 梅田店', postalCode: '530-0001', address: '大阪府大阪市北区梅田1丁目2番3号', category: '01', permitNumber: '大保衛第12345号' },
      claim: { periodStart: '20210405', periodEnd: '20210425', cooperation: '1', amount: 840000 },
      bankAccount: { bankCode: '0009', branchCode: '101', accountType: '2', accountNumber: '7654321', holderKana: 'ｶ)ﾅﾆﾜｼﾖｸﾄﾞｳ' },
    };
    const receipt = await adapterWith().upload('business-support-grant', record, 'app-9:send-application', context());
    expect(receipt.records).toBe(1);
    const text = decodeCp932(simulator.received()[0]!.body);
    expect(text.split('\r\n')[1]).toBe(
      'app-9:send-application,株式会社なにわ食堂,ｶ)ﾅﾆﾜｼﾖｸﾄﾞｳ,,530-0001,大阪府大阪市北区梅田1丁目1番1号,代表取締役,中村　優子,ﾅｶﾑﾗ ﾕｳｺ,06-6123-4567,なにわ食堂 梅田店,530-0001,大阪府大阪市北区梅田1丁目2番3号,01,大保衛第12345号,20210405,20210425,1,840000,0009,101,2,7654321,ｶ)ﾅﾆﾜｼﾖｸﾄﾞｳ',
    );
  });
});

describe('options', () => {
  it('are checked when the adapter is created', () => {
    expect(() => createWelfareAdapter({ baseUrl: 'ftp://x', timeoutMs: 1000, encoding: 'cp932', charsetPolicy: { policy: 'reject' } })).toThrow(ConfigurationError);
    expect(() => createWelfareAdapter({ baseUrl: simulator.url, timeoutMs: 1000, encoding: 'euc-jp' as never, charsetPolicy: { policy: 'reject' } })).toThrow(ConfigurationError);
    expect(() => createWelfareAdapter({ baseUrl: simulator.url, timeoutMs: 1000, encoding: 'cp932', charsetPolicy: { policy: 'degrade' } })).toThrow(/degrade table/);
  });
});
