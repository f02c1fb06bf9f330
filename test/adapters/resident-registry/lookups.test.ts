import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors.js';
import { isValidMyNumber } from '../../../src/jp/check-digits.js';
import { createResidentRegistryAdapter, type ResidentRegistryAdapter } from '../../../adapters/resident-registry/index.js';
import { startResidentRegistrySimulator, type ResidentRegistrySimulator } from '../../../adapters/resident-registry/simulator/index.js';
import { context, FIXTURE, resident, thrown } from './helpers.js';

const HEAD = '1034004400'; // 髙橋 household head, born 昭和64年1月7日
const TOME = '1036062335'; // 年月日不詳
const YOSHIDA = '1034800495'; // 𠮷
const KASAI = '1035200807'; // IVS 葛󠄀
const YAMASAKI_HOUSEHOLD = '0008498040';

let simulator: ResidentRegistrySimulator;
let adapter: ResidentRegistryAdapter;
let permittedAdapter: ResidentRegistryAdapter;

beforeAll(async () => {
  simulator = await startResidentRegistrySimulator({});
  adapter = createResidentRegistryAdapter({ baseUrl: simulator.url, timeoutMs: 5_000 });
  permittedAdapter = createResidentRegistryAdapter({ baseUrl: simulator.url, timeoutMs: 5_000, myNumberPermitted: true });
});

afterAll(async () => {
  await simulator.close();
});

describe('find by 署名用電子証明書 serial', () => {
  it('returns the resident record with the 和暦 birth date and its era code', async () => {
    const expected = resident(HEAD);
    const found = await adapter.findByCertificateSerial(expected.jpki!.signingSerial, context());
    expect(found).toEqual({
      atenaNumber: HEAD,
      setaiNumber: expected.setaiNumber,
      juminhyoCode: expected.juminhyoCode,
      name: '髙橋\u3000一郎',
      nameKana: 'タカハシ\u3000イチロウ',
      birthDate: { eraCode: 3, wareki: '昭和64年1月7日', iso: '1989-01-07', unknown: false },
      gender: '1',
      address: expected.address,
      postalCode: expected.postalCode,
      relationship: '世帯主',
      householdHead: HEAD,
      status: '住民',
    });
  });

  it('accepts the serial in lower case', async () => {
    const found = await adapter.findByCertificateSerial(resident(HEAD).jpki!.signingSerial.toLowerCase(), context());
    expect(found?.atenaNumber).toBe(HEAD);
  });

  it('returns null for an unknown serial (404 is an answer, not a failure)', async () => {
    expect(await adapter.findByCertificateSerial('0000000000000000', context())).toBeNull();
  });

  it('does not find anyone by a 利用者証明用 serial', async () => {
    expect(await adapter.findByCertificateSerial(resident(HEAD).jpki!.authSerial, context())).toBeNull();
  });

  it('sends an X-Message-Id with every request', async () => {
    await adapter.findByCertificateSerial(resident(HEAD).jpki!.signingSerial, context(), { messageId: 'lookup-0001' });
    expect(simulator.received().at(-1)?.messageId).toBe('lookup-0001');
    expect(simulator.received().every((request) => request.messageId !== undefined)).toBe(true);
  });
});

describe('find by the four facts', () => {
  it('matches despite ASCII spacing and full-width digits', async () => {
    const expected = resident(HEAD);
    const found = await adapter.findByFacts(
      { name: '髙橋 一郎', birthDate: '1989-01-07', gender: '1', address: expected.address.replace('2丁目1番8号', '２丁目１番８号') },
      context(),
    );
    expect(found?.atenaNumber).toBe(HEAD);
  });

  it('matches with no space at all and a 方書 written with an ASCII space', async () => {
    const found = await adapter.findByFacts({ name: '伊藤さくら', birthDate: '1995-02-28', gender: '2', address: '大阪府大阪市浪速区難波中2丁目10番70号 なんばパークスタワー1205号室' }, context());
    expect(found?.atenaNumber).toBe('1036402756');
  });

  it('sends the birth date as 和暦 with era code: 平成元年1月8日 is era 4, 昭和64年1月7日 era 3', async () => {
    const kasai = resident(KASAI);
    const found = await adapter.findByFacts({ name: kasai.name, birthDate: '1989-01-08', gender: '2', address: kasai.address }, context());
    expect(found?.atenaNumber).toBe(KASAI);
    expect(simulator.received().at(-1)?.body).toContain('<birthDate eraCode="4">平成元年1月8日</birthDate>');
  });

  it('does not match a different birth date, gender or a plain 葛 for 葛󠄀', async () => {
    const kasai = resident(KASAI);
    const facts = { name: kasai.name, birthDate: '1989-01-08', gender: '2' as const, address: kasai.address };
    expect(await adapter.findByFacts({ ...facts, birthDate: '1989-01-07' }, context())).toBeNull();
    expect(await adapter.findByFacts({ ...facts, gender: '1' }, context())).toBeNull();
    expect(await adapter.findByFacts({ ...facts, name: '葛西 由紀' }, context())).toBeNull();
  });

  it('refuses facts that cannot be written as a request, permanently', async () => {
    const error = await thrown(() => adapter.findByFacts({ name: '髙橋 一郎', birthDate: '1989-02-30', gender: '1', address: 'x' }, context()));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(false);
  });
});

describe('characters and dates round-trip exactly', () => {
  it('keeps 𠮷 (outside the BMP) and the IVS sequence 葛 + U+E0100', async () => {
    const yoshida = await adapter.findByCertificateSerial(resident(YOSHIDA).jpki!.signingSerial, context());
    expect(yoshida?.name).toBe('\u{20BB7}田\u3000茂');
    const kasai = await adapter.findByCertificateSerial(resident(KASAI).jpki!.signingSerial, context());
    expect(kasai?.name).toBe('葛\u{E0100}西\u3000由紀');
    expect([...kasai!.name].length).toBe(6);
  });

  it('keeps a 不詳 birth date as 不詳, with no invented ISO date', async () => {
    const household = await adapter.householdMembers(resident(TOME).setaiNumber, context());
    const tome = household?.members.find((member) => member.atenaNumber === TOME);
    expect(tome?.birthDate).toEqual({ eraCode: 3, wareki: '年月日不詳', iso: null, unknown: true });
  });

  it('keeps the last day of 平成 and the first day of 令和 apart', async () => {
    const household = await adapter.householdMembers(YAMASAKI_HOUSEHOLD, context());
    const hinata = household?.members.find((member) => member.atenaNumber === '1034559402');
    expect(hinata?.birthDate).toEqual({ eraCode: 4, wareki: '平成31年4月30日', iso: '2019-04-30', unknown: false });
    const shota = await adapter.householdMembers(resident(HEAD).setaiNumber, context());
    expect(shota?.members.find((member) => member.relationship === '子')?.birthDate).toEqual({ eraCode: 5, wareki: '令和元年5月1日', iso: '2019-05-01', unknown: false });
  });
});

describe('household members', () => {
  it('lists a three-generation household with its 子の子 chain in registry order', async () => {
    const household = await adapter.householdMembers(YAMASAKI_HOUSEHOLD, context());
    expect(household?.householdHead).toBe('1034401825');
    expect(household?.members.map((member) => member.relationship)).toEqual(['世帯主', '妻', '子', '子の妻', '子の子', '子の子']);
    expect(household?.members.every((member) => member.setaiNumber === YAMASAKI_HOUSEHOLD && member.householdHead === '1034401825')).toBe(true);
  });

  it('leaves out 除票 members unless asked', async () => {
    const setai = resident(YOSHIDA).setaiNumber;
    expect((await adapter.householdMembers(setai, context()))?.members.map((member) => member.status)).toEqual(['住民']);
    expect((await adapter.householdMembers(setai, context(), { includeRemoved: true }))?.members.map((member) => member.status)).toEqual(['住民', '死亡']);
  });

  it('returns a one-member household as a list', async () => {
    const household = await adapter.householdMembers(resident(KASAI).setaiNumber, context());
    expect(household?.members).toHaveLength(1);
  });

  it('returns null for an unknown household and refuses a malformed 世帯番号', async () => {
    expect(await adapter.householdMembers('0000000000', context())).toBeNull();
    const error = await thrown(() => adapter.householdMembers('0008498041', context()));
    expect((error as UpstreamError).retryable).toBe(false);
    expect((error as UpstreamError).message).toContain('BAD_REQUEST_DOCUMENT');
  });
});

describe('個人番号', () => {
  it('is absent unless requested', async () => {
    const found = await permittedAdapter.findByCertificateSerial(resident(HEAD).jpki!.signingSerial, context());
    expect(found).not.toHaveProperty('myNumber');
    expect(simulator.received().at(-1)?.body).not.toMatch(/[0-9]{12}/);
  });

  it('is returned when requested by a permitted gateway, and passes its check digit', async () => {
    const found = await permittedAdapter.findByCertificateSerial(resident(HEAD).jpki!.signingSerial, context(), { includeMyNumber: true });
    expect(found?.myNumber).toBe(resident(HEAD).myNumber);
    expect(isValidMyNumber(found!.myNumber!)).toBe(true);
  });

  it('is refused, permanently, when requested by a gateway that is not permitted', async () => {
    const error = await thrown(() => adapter.findByCertificateSerial(resident(HEAD).jpki!.signingSerial, context(), { includeMyNumber: true }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(false);
    expect((error as UpstreamError).message).toContain('MY_NUMBER_NOT_PERMITTED');
  });
});

describe('deliver', () => {
  it('dispatches find-resident-by-certificate and returns the record as the result', async () => {
    const outcome = await adapter.deliver(
      { messageId: 'm-cert-1', applicationId: 'a1', procedureId: 'juminhyo-copy', step: 'resident', operation: 'find-resident-by-certificate', record: { signingSerial: resident(HEAD).jpki!.signingSerial } },
      context(),
    );
    expect(outcome).toEqual({ kind: 'done', result: { resident: expect.objectContaining({ atenaNumber: HEAD }) } });
    expect(simulator.received().at(-1)?.messageId).toBe('m-cert-1');
  });

  it('dispatches find-resident-by-facts and household-members', async () => {
    const head = resident(HEAD);
    const byFacts = await adapter.deliver(
      { messageId: 'm-facts-1', applicationId: 'a1', procedureId: 'p', step: 's', operation: 'find-resident-by-facts', record: { name: head.name, birthDate: '1989-01-07', gender: '1', address: head.address } },
      context(),
    );
    expect(byFacts).toEqual({ kind: 'done', result: { resident: expect.objectContaining({ atenaNumber: HEAD }) } });
    const household = await adapter.deliver(
      { messageId: 'm-household-1', applicationId: 'a1', procedureId: 'p', step: 's', operation: 'household-members', record: { setaiNumber: head.setaiNumber } },
      context(),
    );
    expect(household.kind === 'done' && (household.result['household'] as { members: unknown[] }).members).toHaveLength(3);
  });

  it('refuses an unknown operation and an invalid record permanently, naming fields but not values', async () => {
    const unknown = await thrown(() => adapter.deliver({ messageId: 'm', applicationId: 'a', procedureId: 'p', step: 's', operation: 'delete-resident', record: {} }, context()));
    expect((unknown as UpstreamError).retryable).toBe(false);
    const invalid = await thrown(() =>
      adapter.deliver({ messageId: 'm', applicationId: 'a', procedureId: 'p', step: 's', operation: 'find-resident-by-facts', record: { name: '髙橋 一郎', birthDate: '昭和64年', gender: '1' } }, context()),
    );
    expect((invalid as UpstreamError).retryable).toBe(false);
    expect((invalid as UpstreamError).message).toContain('birthDate');
    expect((invalid as UpstreamError).message).not.toContain('髙橋');
  });

  it('probes health', async () => {
    await expect(adapter.health(context())).resolves.toBeUndefined();
  });
});

it('serves every fixture resident that holds a signing certificate', async () => {
  for (const entry of FIXTURE.residents.filter((candidate) => candidate.jpki !== null)) {
    expect((await adapter.findByCertificateSerial(entry.jpki!.signingSerial, context()))?.atenaNumber).toBe(entry.atenaNumber);
  }
});
