import { describe, expect, it } from 'vitest';
import { parseTimestampedSignature, signTimestampedCallback, verifyTimestampedCallback } from '../../src/callbacks/signature.js';

const SECRET = 'welfare-test-secret-0123456789abcdef';
const BODY = '{"messageId":"app-1:send-claim","status":"completed","data":{"認定番号":"NT-2026-000001","支給開始年月":"2026-05"}}';
const T = 1_775_001_600;

describe('callback signature', () => {
  it('is t= and the lower-case hex HMAC-SHA256 of "t.rawbody", as openssl computes it', () => {
    // printf %s "1775001600.The quick brown fox jumps over the lazy dog" | openssl dgst -sha256 -hmac key
    expect(signTimestampedCallback(['key'], T, 'The quick brown fox jumps over the lazy dog')).toBe(
      't=1775001600,v1=9a240225582d3fe71e30e1a5f40a8adfa48508b0d9768680f5df7ca1b4ef24ff',
    );
    expect(signTimestampedCallback([SECRET], T, Buffer.from(BODY))).toBe(signTimestampedCallback([SECRET], T, BODY));
  });

  it('carries one v1 per secret, and verifies under either', () => {
    const header = signTimestampedCallback([SECRET, `${SECRET}-next`], T, BODY);
    expect(header).toMatch(/^t=1775001600,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifyTimestampedCallback([`${SECRET}-next`], BODY, header)).toBe(true);
    expect(verifyTimestampedCallback([`${SECRET}-other`], BODY, header)).toBe(false);
  });

  it('parses strictly: one decimal t, one to four 64-hex v1, nothing else', () => {
    const good = signTimestampedCallback([SECRET], T, BODY);
    const v1 = good.split(',')[1]!;
    expect(parseTimestampedSignature(good)?.t).toBe(T);
    for (const header of [undefined, null, '', `t=${T}`, v1, `t=${T},t=${T},${v1}`, `t=-1,${v1}`, `t=${T},${v1.slice(0, -2)}`, `t=${T},${v1},v0=ab`, `t=${T},${v1},${v1},${v1},${v1},${v1}`]) {
      expect(parseTimestampedSignature(header)).toBeNull();
    }
  });

  it('refuses to sign with an empty secret', () => {
    expect(() => signTimestampedCallback([''], T, BODY)).toThrow(RangeError);
  });
});
