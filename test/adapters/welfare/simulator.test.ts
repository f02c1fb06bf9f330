import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCp932 } from '../../../src/codecs/cp932.js';
import { startWelfareSimulator, type WelfareSimulator } from '../../../adapters/welfare/simulator/index.js';
import { SECRET, TWO_CHILD_CLAIM_CSV } from './helpers.js';

let simulator: WelfareSimulator;

beforeEach(async () => {
  simulator = await startWelfareSimulator({ callbackSecret: SECRET, maxBodyBytes: 64 * 1024 });
});

afterEach(async () => {
  await simulator.close();
});

const cp932 = (text: string): Buffer => {
  const encoded = encodeCp932(text);
  if (!('bytes' in encoded)) throw new Error('not CP932');
  return encoded.bytes;
};

async function post(body: Buffer | string, headers: Record<string, string> = {}, recordType = 'child-allowance-claim') {
  const response = await fetch(`${simulator.url}/api/v1/imports/${recordType}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv; charset=Shift_JIS', 'x-message-id': 'app-1:send-claim', ...headers },
    body: typeof body === 'string' ? cp932(body) : body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const [HEADER, ROW_1, ROW_2] = TWO_CHILD_CLAIM_CSV.split('\r\n') as [string, string, string];
const csv = (...rows: string[]) => rows.map((row) => `${row}\r\n`).join('');
const withCell = (row: string, index: number, value: string) => row.split(',').map((cell, i) => (i === index ? value : cell)).join(',');

describe('the simulated import', () => {
  it('imports the documented file, with LF line ends too', async () => {
    expect(await post(TWO_CHILD_CLAIM_CSV)).toMatchObject({ status: 202, body: { status: 'accepted', records: 2 } });
    expect(await post(TWO_CHILD_CLAIM_CSV.replaceAll('\r\n', '\n'), { 'x-message-id': 'lf' })).toMatchObject({ status: 400, body: { errors: [{ row: 2, column: 'メッセージID', code: 'MESSAGE_ID_MISMATCH' }, { row: 3, column: 'メッセージID', code: 'MESSAGE_ID_MISMATCH' }] } });
  });

  it.each([
    ['口座番号 of 8 digits', withCell(ROW_1, 10, '12345678'), '口座番号', 'INVALID_FORMAT'],
    ['a 生年月日 that is not a day (令和6年2月30日)', withCell(ROW_1, 17, '5060230'), '児童生年月日', 'INVALID_DATE'],
    ['era code 7', withCell(ROW_1, 17, '7010101'), '児童生年月日', 'INVALID_DATE'],
    ['full-width kana', withCell(ROW_1, 16, 'タカハシ'), '児童氏名カナ', 'INVALID_CHARACTER'],
    ['an unknown 続柄', withCell(ROW_1, 18, '01'), '続柄', 'INVALID_CODE'],
    ['an empty 氏名', withCell(ROW_1, 15, ''), '児童氏名', 'REQUIRED'],
    ['a 31-character 氏名', withCell(ROW_1, 15, '山'.repeat(31)), '児童氏名', 'TOO_LONG'],
    ['a wrong check digit', withCell(ROW_1, 1, '1034004401'), '受給者宛名番号', 'INVALID_CHECK_DIGIT'],
  ])('rejects %s with row and column', async (_, row, column, code) => {
    const reply = await post(csv(HEADER, row, withCell(ROW_2, 1, row.split(',')[1]!)));
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toContainEqual({ row: 2, column, code });
    expect(JSON.stringify(reply.body)).not.toContain('髙橋');
    expect(simulator.imports()).toHaveLength(0);
  });

  it('refuses a file without children, with a wrong header, ragged, or with an unterminated quote', async () => {
    expect((await post(csv(HEADER))).body).toEqual({ errors: [{ code: 'NO_RECORDS' }] });
    expect((await post(csv(HEADER.replace('口座番号', '口座No'), ROW_1))).body).toEqual({ errors: [{ row: 1, column: '口座番号', code: 'HEADER_MISMATCH' }] });
    expect((await post(csv(HEADER, `${ROW_1},extra`))).body).toEqual({ errors: [{ row: 2, code: 'CSV_SYNTAX' }] });
    expect((await post(csv(HEADER, `"${ROW_1}`))).body).toEqual({ errors: [{ row: 2, code: 'CSV_SYNTAX' }] });
    expect(simulator.imports()).toHaveLength(0);
  });

  it('refuses more than 20 children', async () => {
    const rows = Array.from({ length: 21 }, () => ROW_1);
    expect((await post(csv(HEADER, ...rows))).body).toEqual({ errors: [{ row: 22, code: 'TOO_MANY_RECORDS' }] });
  });

  it('decodes in the declared charset: UTF-8 bytes declared as Shift_JIS do not pass, CP932 declared as UTF-8 is INVALID_ENCODING', async () => {
    const utf8AsSjis = await post(Buffer.from(TWO_CHILD_CLAIM_CSV, 'utf8'));
    expect(utf8AsSjis.status).toBe(400);
    const sjisAsUtf8 = await post(TWO_CHILD_CLAIM_CSV, { 'content-type': 'text/csv; charset=utf-8' });
    expect(sjisAsUtf8.body).toEqual({ errors: [{ row: 1, code: 'INVALID_ENCODING' }] });
  });

  it('answers 415 without a charset, 400 without a message id, 404 for an unknown record type, 413 for a huge file', async () => {
    expect((await post(TWO_CHILD_CLAIM_CSV, { 'content-type': 'text/csv' })).status).toBe(415);
    expect((await post(TWO_CHILD_CLAIM_CSV, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(415);
    expect((await post(TWO_CHILD_CLAIM_CSV, { 'x-message-id': '' })).body).toEqual({ errors: [{ code: 'MISSING_MESSAGE_ID' }] });
    expect((await post(TWO_CHILD_CLAIM_CSV, {}, 'pension-claim')).body).toMatchObject({ error: 'UNKNOWN_RECORD_TYPE' });
    expect((await post(TWO_CHILD_CLAIM_CSV, {}, '__proto__')).status).toBe(404);
    expect((await post(Buffer.alloc(65 * 1024, 0x41))).status).toBe(413);
    expect(simulator.imports()).toHaveLength(0);
  });

  it('a duplicate message id answers 409 with the first import id even for another body', async () => {
    const first = await post(TWO_CHILD_CLAIM_CSV);
    const again = await post(csv(HEADER, ROW_1));
    expect(again).toEqual({ status: 409, body: { error: 'DUPLICATE_MESSAGE_ID', importId: first.body.importId, records: 2 } });
  });

  it('health answers GET only', async () => {
    expect((await fetch(`${simulator.url}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${simulator.url}/api/v1/health`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${simulator.url}/api/v1/imports/child-allowance-claim`)).status).toBe(405);
  });
});
