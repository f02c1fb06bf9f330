import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { parseStrictJson } from '../../src/http/strict-json.js';
import { canonicalJson, requestHash } from '../../src/intake/request-hash.js';
import { invalidSamples, procedureIdsWithSamples, validSamples } from '../support/fixtures.js';

const parsed = (text: string) => parseStrictJson(new TextEncoder().encode(text), 32);

describe('the canonical request hash', () => {
  it('equals the canonicalize package (RFC 8785) on every sample application', () => {
    const samples = procedureIdsWithSamples().flatMap((id) => [
      ...validSamples(id).map(([, body]) => body),
      ...invalidSamples(id).map(([, sample]) => sample.body),
    ]);
    expect(samples.length).toBeGreaterThan(30);
    for (const body of samples) expect(canonicalJson(body)).toBe(canonicalize(body));
  });

  it.each([
    ['keys sorted by UTF-16 code units, not by code points', '{"\\ud83d\\ude00":1,"\\uff61":2,"a":3,"B":4,"":5}'],
    ['numbers in their shortest ECMAScript form', '[1.0, -0, 1e21, 1E-7, 0.000001, 123456789012345678901, 5e-324]'],
    ['escapes and non-ASCII text', '{"s":"tab\\t quote\\" slash\\/ nul\\u0000 𠮷 髙 \\u2028"}'],
    ['nesting, empty containers, literals', '{"z":[{}, [], null, true, false, {"b":[{"d":1,"c":2}]}]}'],
  ])('agrees with canonicalize on %s', (_name, text) => {
    const value = parsed(text);
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('hashes reordered bodies alike and different bodies apart', () => {
    expect(requestHash(parsed('{"a":1,"b":[1,2]}'))).toBe(requestHash(parsed('{ "b": [1, 2], "a": 1.0 }')));
    expect(requestHash(parsed('{"a":1,"b":[1,2]}'))).not.toBe(requestHash(parsed('{"a":1,"b":[2,1]}')));
  });
});
