import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readWelfareCallback } from '../../../adapters/welfare/index.js';

const BODY = '{"messageId":"app-1:send-claim","status":"completed","data":{"認定番号":"NT-2026-000001","支給開始年月":"2026-05"}}';

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
