import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readWelfareCallback, signCallbackBody, verifyCallbackSignature } from '../index.js';

const SECRET = 'welfare-test-secret-0123456789abcdef';
const BODY = '{"messageId":"app-1:send-claim","status":"completed","data":{"認定番号":"NT-2026-000001","支給開始年月":"2026-05"}}';

describe('callback signature', () => {
  it('is sha256= and the lower-case hex HMAC-SHA256 of the raw bytes', () => {
    // openssl dgst -sha256 -hmac <secret> over the same bytes gives the same hex.
    expect(signCallbackBody(SECRET, BODY)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signCallbackBody(SECRET, Buffer.from(BODY))).toBe(signCallbackBody(SECRET, BODY));
    expect(signCallbackBody('key', 'The quick brown fox jumps over the lazy dog')).toBe('sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });

  it('refuses missing, malformed, upper-case, truncated and foreign-algorithm headers', () => {
    const good = signCallbackBody(SECRET, BODY);
    expect(verifyCallbackSignature(SECRET, BODY, good)).toBe(true);
    for (const header of [undefined, null, '', good.slice(7), good.toUpperCase(), good.slice(0, -2), `sha1=${good.slice(7)}`, `${good} `, `${good},${good}`]) {
      expect(verifyCallbackSignature(SECRET, BODY, header)).toBe(false);
    }
  });

  it('refuses to sign with an empty secret', () => {
    expect(() => signCallbackBody('', BODY)).toThrow(RangeError);
  });
});

describe('callback reader', () => {
  it('reads the documented document', () => {
    expect(readWelfareCallback(BODY)).toEqual({ messageId: 'app-1:send-claim', status: 'completed', data: { 認定番号: 'NT-2026-000001', 支給開始年月: '2026-05' } });
    expect(readWelfareCallback(Buffer.from('{"messageId":"m","status":"rejected","reason":"所得超過"}'))).toEqual({ messageId: 'm', status: 'rejected', reason: '所得超過' });
  });

  const invalid: [string, string | Buffer, string][] = [
    ['not JSON', '{"messageId":', ''],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), ''],
    ['a rejection without a reason', '{"messageId":"m","status":"rejected"}', '/reason'],
    ['an unknown status', '{"messageId":"m","status":"approved"}', '/status'],
    ['an unknown member', '{"messageId":"m","status":"completed","amount":1}', ''],
    ['a __proto__ member', '{"messageId":"m","status":"completed","__proto__":{"x":1}}', ''],
    ['a month 13', '{"messageId":"m","status":"completed","data":{"支給開始年月":"2026-13"}}', '/data/支給開始年月'],
    ['a message id with a space', '{"messageId":"a b","status":"completed"}', '/messageId'],
    ['a huge body', `{"messageId":"m","status":"completed","reason":"${'x'.repeat(20_000)}"}`, ''],
    ['deep nesting', `{"messageId":"m","status":"completed","data":${'['.repeat(5000)}${']'.repeat(5000)}}`, '/data'],
  ];
  for (const [name, body, pointer] of invalid) {
    it(`refuses ${name} with InputError at "${pointer}"`, () => {
      let error: unknown;
      try {
        readWelfareCallback(body);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe('welfare-callback-invalid');
      expect((error as InputError).issues.map((issue) => issue.pointer)).toContain(pointer);
    });
  }
});
