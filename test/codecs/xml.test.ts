import { describe, expect, it } from 'vitest';
import { buildXml, parseXml, XML_ERROR_CODES } from '../../src/codecs/xml.js';
import { InputError } from '../../src/errors.js';

function rejection(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>`;

describe('parseXml', () => {
  it('keeps every value a string: leading zeros, numbers and booleans are not coerced', () => {
    const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?><r a="007"><n>0012345678</n><b>true</b><f>1e3</f><h>0x1F</h></r>');
    expect(doc).toEqual({ r: { '@_a': '007', n: '0012345678', b: 'true', f: '1e3', h: '0x1F' } });
  });

  it('decodes the five predefined entities and character references exactly once', () => {
    const doc = parseXml('<r t="a&quot;b&apos;"><x>&lt;tag&gt; &amp;lt; &#x20BB7;&#21513;</x></r>');
    expect(doc).toEqual({ r: { '@_t': 'a"b\'', x: '<tag> &lt; 𠮷吉' } });
  });

  it('keeps characters outside the BMP, ideographic spaces and variation selectors exactly', () => {
    const name = '𠮷田\u3000葛\u{E0100}西 ';
    const doc = parseXml(`<r><name>${name}</name></r>`) as { r: { name: string } };
    expect(doc.r.name).toBe(name);
  });

  it('drops indentation between elements but keeps an element text with its attributes', () => {
    const doc = parseXml('<r>\n  <d era="3">昭和64年1月7日</d>\n  <e/>\n</r>');
    expect(doc).toEqual({ r: { d: { '@_era': '3', '#text': '昭和64年1月7日' }, e: '' } });
  });

  it('returns arrays for the listed element names even with one occurrence', () => {
    expect(parseXml('<r><m>1</m></r>', { arrays: ['m'] })).toEqual({ r: { m: ['1'] } });
    expect(parseXml('<r><m>1</m><m>2</m></r>')).toEqual({ r: { m: ['1', '2'] } });
  });

  it('takes CDATA content literally', () => {
    expect(parseXml('<r><c><![CDATA[&amp; <b>]]></c></r>')).toEqual({ r: { c: '&amp; <b>' } });
  });

  it('rejects the billion laughs document without expanding anything', () => {
    expect(rejection(() => parseXml(BILLION_LAUGHS)).code).toBe(XML_ERROR_CODES.doctype);
  });

  it('rejects an external entity (XXE) before anything is resolved', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>';
    expect(rejection(() => parseXml(xxe)).code).toBe(XML_ERROR_CODES.doctype);
    expect(rejection(() => parseXml('<!doctype r SYSTEM "http://127.0.0.1/x.dtd"><r/>')).code).toBe(XML_ERROR_CODES.doctype);
  });

  it('rejects a reference to an undefined entity', () => {
    expect(rejection(() => parseXml('<r>&xxe;</r>')).code).toBe(XML_ERROR_CODES.malformed);
    expect(rejection(() => parseXml('<r>a & b</r>')).code).toBe(XML_ERROR_CODES.malformed);
    expect(rejection(() => parseXml('<r>&#0;</r>')).code).toBe(XML_ERROR_CODES.malformed);
  });

  it('rejects nesting deeper than the limit', () => {
    const deep = `${'<a>'.repeat(10_000)}x${'</a>'.repeat(10_000)}`;
    expect(rejection(() => parseXml(deep)).code).toBe(XML_ERROR_CODES.tooDeep);
    expect(rejection(() => parseXml('<a><b><c><d>x</d></c></b></a>', { maxDepth: 3 })).code).toBe(XML_ERROR_CODES.tooDeep);
    expect(parseXml('<a><b><c>x</c></b></a>', { maxDepth: 3 })).toEqual({ a: { b: { c: 'x' } } });
  });

  it('rejects documents over the size limit, counting UTF-8 bytes', () => {
    const huge = `<r>${'x'.repeat(2 * 1024 * 1024)}</r>`;
    expect(rejection(() => parseXml(huge)).code).toBe(XML_ERROR_CODES.tooLarge);
    // 30 characters, but 3 bytes each in UTF-8.
    const kanji = `<r>${'髙'.repeat(30)}</r>`;
    expect(rejection(() => parseXml(kanji, { maxBytes: 60 })).code).toBe(XML_ERROR_CODES.tooLarge);
  });

  it.each([
    ['unclosed element', '<r><a></r>'],
    ['truncated document', '<r><a>1</a><b>'],
    ['two root elements', '<a>1</a><b>2</b>'],
    ['repeated attribute', '<r a="1" a="2"/>'],
    ['no element at all', 'just text'],
    ['empty input', ''],
    ['control character', '<r>\u0001</r>'],
  ])('rejects malformed input: %s', (_label, text) => {
    expect(rejection(() => parseXml(text)).code).toBe(XML_ERROR_CODES.malformed);
  });

  it.each([
    ['__proto__ element', '<r><__proto__><polluted>yes</polluted></__proto__></r>'],
    ['constructor element', '<r><constructor><prototype><polluted>yes</polluted></prototype></constructor></r>'],
    ['__proto__ attribute', '<r __proto__="x"/>'],
  ])('refuses names that could reach prototypes: %s', (_label, text) => {
    expect(rejection(() => parseXml(text)).code).toBe(XML_ERROR_CODES.forbiddenName);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('buildXml', () => {
  it('writes a UTF-8 declaration, attributes by prefix and escaped text', () => {
    const xml = buildXml('request', { '@_version': '1', name: 'A&B <c> "d" \'e\'', empty: null });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<request version="1">')).toBe(true);
    expect(xml).toContain('<name>A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;</name>');
    expect(xml).toContain('<empty/>');
  });

  it('round-trips through parseXml, including 𠮷, IVS sequences and injection attempts', () => {
    const value = {
      '@_id': 'x"/><evil a="',
      name: '𠮷田\u3000葛\u{E0100}西',
      note: ']]></note><injected/><!--',
      birthDate: { '@_eraCode': '3', '#text': '昭和64年1月7日' },
      member: ['1034004400', '1034039069'],
    };
    expect(parseXml(buildXml('r', value))).toEqual({ r: value });
  });

  it('refuses names that are not XML names or would reach prototypes', () => {
    expect(rejection(() => buildXml('r', { 'a b': '1' })).code).toBe(XML_ERROR_CODES.forbiddenName);
    expect(rejection(() => buildXml('r', JSON.parse('{"__proto__": {"x": "1"}}') as object)).code).toBe(XML_ERROR_CODES.forbiddenName);
    expect(rejection(() => buildXml('1r', {})).code).toBe(XML_ERROR_CODES.forbiddenName);
  });

  it('refuses characters XML 1.0 cannot carry instead of writing a broken document', () => {
    expect(rejection(() => buildXml('r', { a: 'bell\u0007' })).code).toBe(XML_ERROR_CODES.invalidValue);
    expect(rejection(() => buildXml('r', { a: 'lone \uD842' })).code).toBe(XML_ERROR_CODES.invalidValue);
  });
});
