import { describe, expect, it } from 'vitest';
import { requestHash } from '../../src/intake/request-hash.js';
import { parseStrictJson } from '../../src/json/strict-json.js';

const parsed = (text: string) => parseStrictJson(new TextEncoder().encode(text), 32);

describe('the canonical request hash', () => {
  it('hashes reordered bodies alike and different bodies apart', () => {
    expect(requestHash(parsed('{"a":1,"b":[1,2]}'))).toBe(requestHash(parsed('{ "b": [1, 2], "a": 1.0 }')));
    expect(requestHash(parsed('{"a":1,"b":[1,2]}'))).not.toBe(requestHash(parsed('{"a":1,"b":[2,1]}')));
  });
});
