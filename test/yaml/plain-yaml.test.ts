import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { NOT_PLAIN, readPlainYaml } from '../../src/yaml/plain-yaml.js';

const shipped = readdirSync('mappings/procedures')
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => [name, readFileSync(join('mappings/procedures', name), 'utf8')] as const);

/** What the yaml package makes of the text, or 'error'. */
function reference(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return 'error';
  }
}

/** The fast reader either gives up or agrees with the yaml package exactly. */
function expectAgreement(text: string): void {
  const fast = readPlainYaml(text);
  if (fast === NOT_PLAIN) return;
  const expected = reference(text);
  expect(expected, text).not.toBe('error');
  expect(fast, text).toStrictEqual(expected);
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the plain YAML reader', () => {
  it.each(shipped)('reads %s itself, exactly as the yaml package does', (_name, text) => {
    const fast = readPlainYaml(text);
    expect(fast).not.toBe(NOT_PLAIN);
    expect(fast).toStrictEqual(parse(text));
  });

  it.each(shipped)('agrees with the yaml package on %s re-emitted in block style', (_name, text) => {
    const block = stringify(parse(text), { lineWidth: 0 });
    expect(readPlainYaml(block)).toStrictEqual(parse(block));
    expectAgreement(stringify(parse(text)));
  });

  it('gives up on YAML beyond the plain subset', () => {
    const beyond = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: 1\na: 2\n',
      'a: one\n  two\n',
      'a: { b: 1,\n  c: 2 }\n',
      'a: 1.5\n',
      'a: 0x1F\n',
      'a: .inf\n',
      '---\na: 1\n',
      'a:\n\t- 1\n',
      '? a\n: 1\n',
      '- - a\n',
      'a: "unterminated\n',
      "a: 'multi\n  line'\n",
      'a: b: c\n',
      'null: 1\n',
      'a: 99999999999999999999\n',
      'plain scalar document\n',
      'a: { b: 1 }#comment\n',
      'a: { en: Full name :}\n',
      'a: one\ufefftwo\n',
      'a: 1\r\nb: 2\r\n',
      'a: bell\u0007\n',
      'a: c1\u0090\n',
      'a: \ud800 lone\n',
    ];
    for (const text of beyond) expect(readPlainYaml(text), text).toBe(NOT_PLAIN);
  });

  it('reads the constructs of the subset like the yaml package', () => {
    const within = [
      'a: 1\nb: -2\nc: +3\nd: true\ne: False\nf: null\ng: ~\nh:\ni: text with spaces  # comment\n',
      'list:\n- a\n- b\nnext: [x, y, "z, w"]\n',
      "quoted: 'it''s'\ndouble: \"tab\\there \\u00e9 \\\"q\\\"\"\n",
      'labels: { ja: 氏名(フリガナ), en: Full name in katakana }\nempty: {}\nnone: []\n',
      'date: 2026-12-01\nzip: 530-0005\ncode: 0005\nurl: http://example.jp/a#b\n',
      'items:\n  - name: a\n    nested:\n      - { value: "1", label: { ja: 男, en: Male } }\n  -\n    name: b\n',
      '"__proto__": { polluted: true }\nkey: value\n',
      '# only a comment\nroot:\n  # inner comment\n  child: 1\n',
      'name: 山田\u3000\nkana: \u3000ヤマダ\n',
      '\ufeffbom: first\n',
    ];
    for (const text of within) {
      expect(readPlainYaml(text), text).not.toBe(NOT_PLAIN);
      expectAgreement(text);
    }
    const proto = readPlainYaml('"__proto__": { polluted: true }\n') as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('never disagrees with the yaml package on mutated procedure files', () => {
    const next = random(20261201);
    const pieces = [':', ' ', '#', "'", '"', '-', '\n', '  ', '{', '}', '[', ']', ',', '&a ', '*a', '!', '|', '0', '1.5', 'true', 'null', '~', '\t', '? '];
    for (let round = 0; round < 400; round++) {
      const [, text] = shipped[Math.floor(next() * shipped.length)]!;
      let mutated = text;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * mutated.length);
        const piece = next() < 0.3 ? '' : pieces[Math.floor(next() * pieces.length)]!;
        const remove = Math.floor(next() * 3);
        mutated = mutated.slice(0, at) + piece + mutated.slice(at + remove);
      }
      expectAgreement(mutated);
    }
  });
});
