import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson } from '../../src/json/canonical-json.js';
import { parseStrictJson } from '../../src/json/strict-json.js';

const parsed = (text: string) => parseStrictJson(new TextEncoder().encode(text), 32);

describe('canonical JSON (RFC 8785)', () => {
  it.each([
    ['sorts keys by UTF-16 code units, not by code points', '{"\\ud83d\\ude00":1,"\\uff61":2,"a":3,"B":4,"":5}', '{"":5,"B":4,"a":3,"😀":1,"｡":2}'],
    [
      'writes numbers in their shortest ECMAScript form',
      '[1.0, -0, 1e21, 1E-7, 0.000001, 123456789012345678901, 5e-324, 4.50, 2e-3, 333333333.33333329]',
      '[1,0,1e+21,1e-7,0.000001,123456789012345680000,5e-324,4.5,0.002,333333333.3333333]',
    ],
    ['escapes only what JSON must, keeping non-ASCII text', '{"s":"tab\\t quote\\" slash\\/ nul\\u0000 𠮷 髙 \\u001f"}', '{"s":"tab\\t quote\\" slash/ nul\\u0000 𠮷 髙 \\u001f"}'],
    ['nests, keeps empty containers and literals', '{"z":[{}, [], null, true, false, {"b":[{"d":1,"c":2}]}]}', '{"z":[{},[],null,true,false,{"b":[{"c":2,"d":1}]}]}'],
  ])('%s', (_name, text, canonical) => {
    expect(canonicalJson(parsed(text))).toBe(canonical);
    expect(canonicalBytes(parsed(text)).toString('utf8')).toBe(canonical);
  });

  it('refuses a value that has no JSON form instead of signing nothing', () => {
    expect(() => canonicalBytes(undefined)).toThrow(TypeError);
  });
});
