import { describe, expect, it } from 'vitest';
import { enforceCharsetPolicy } from '../../src/codecs/charset-policy.js';
import { createDegradeTable, degradeText } from '../../src/codecs/degrade.js';
import { ConfigurationError, InputError } from '../../src/errors.js';

const table = createDegradeTable({
  replacements: { '𠮷': '吉', 髙: '高', 﨑: '崎', '\ue000': '〓' },
  dropVariationSelectors: true,
});

describe('degradeText', () => {
  it('replaces characters outside CP932 and records each change by code point', () => {
    expect(degradeText('𠮷田', table)).toEqual({ text: '吉田', changes: [{ index: 0, from: 'U+20BB7', to: 'U+5409' }], unmappable: [] });
  });

  it('drops the selector of an IVS sequence and keeps its base', () => {
    expect(degradeText('葛\u{e0100}飾', table)).toEqual({ text: '葛飾', changes: [{ index: 1, from: 'U+E0100', to: '' }], unmappable: [] });
  });

  it('prefers a replacement for the whole base+selector sequence', () => {
    const withSequence = createDegradeTable({ replacements: { '辻\u{e0101}': '辻' } });
    expect(degradeText('辻\u{e0101}本', withSequence).changes).toEqual([{ index: 0, from: 'U+8FBB U+E0101', to: 'U+8FBB' }]);
  });

  it('leaves characters the host can hold alone, even when the table lists them', () => {
    expect(degradeText('髙﨑', table)).toEqual({ text: '髙﨑', changes: [], unmappable: [] });
    expect(degradeText('髙﨑', table, { repertoire: 'jis-x-0208' }).text).toBe('高崎');
  });

  it('reports what the table does not cover, by position in the original text', () => {
    expect(degradeText('𠮷\u{2a6b2}', table).unmappable).toEqual([{ index: 2, char: '\u{2a6b2}', codePoint: 0x2a6b2 }]);
  });

  it('rejects table entries that cannot work', () => {
    expect(() => createDegradeTable({ replacements: { 吉: '𠮷' } })).toThrow(ConfigurationError);
    expect(() => createDegradeTable({ replacements: { 山田: '山' } })).toThrow(/one character/);
  });
});

describe('enforceCharsetPolicy', () => {
  const record = { name: '𠮷田　一郎', kana: 'ﾖｼﾀﾞ', household: [{ name: '葛\u{e0100}西' }] };

  it('reject: names the field and the code point, never the value', () => {
    try {
      enforceCharsetPolicy(record, { policy: 'reject' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const input = error as InputError;
      expect(input.code).toBe('unmappable-character');
      expect(input.issues).toEqual([
        { pointer: '/record/name', code: 'unmappable-character', message: 'character U+20BB7 cannot be sent to the receiving system' },
        { pointer: '/record/household/0/name', code: 'unmappable-character', message: 'character U+E0100 cannot be sent to the receiving system' },
      ]);
      expect(JSON.stringify({ message: input.message, issues: input.issues })).not.toContain('田');
    }
  });

  it('degrade: returns the degraded record and the changes for the timeline', () => {
    const outcome = enforceCharsetPolicy(record, { policy: 'degrade', degrade: table });
    expect(outcome.kind).toBe('ready');
    if (outcome.kind !== 'ready') return;
    expect(outcome.record).toEqual({ name: '吉田　一郎', kana: 'ﾖｼﾀﾞ', household: [{ name: '葛西' }] });
    expect(outcome.changes).toEqual([
      { pointer: '/record/name', index: 0, from: 'U+20BB7', to: 'U+5409' },
      { pointer: '/record/household/0/name', index: 1, from: 'U+E0100', to: '' },
    ]);
  });

  it('degrade with a gap in the table holds the record for staff', () => {
    const outcome = enforceCharsetPolicy({ name: '\u{2a6b2}' }, { policy: 'degrade', degrade: table });
    expect(outcome).toEqual({ kind: 'hold', unmappable: [{ pointer: '/record/name', index: 0, codePoint: 'U+2A6B2' }], changes: [] });
  });

  it('degrade re-checks replacements against the host repertoire', () => {
    const toIbm = createDegradeTable({ replacements: { '𠮷': '髙' } });
    const outcome = enforceCharsetPolicy({ name: '𠮷' }, { policy: 'degrade', degrade: toIbm, encoding: { repertoire: 'jis-x-0208' } });
    expect(outcome).toMatchObject({ kind: 'hold', unmappable: [{ pointer: '/record/name', codePoint: 'U+9AD9' }] });
  });

  it('hold: lists the characters and leaves the record unsent', () => {
    const outcome = enforceCharsetPolicy(record, { policy: 'hold' });
    expect(outcome.kind).toBe('hold');
  });

  it('passes a record that fits, and does not follow __proto__ keys into prototypes', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "𠮷"}, "name": "山田"}') as Record<string, unknown>;
    const outcome = enforceCharsetPolicy(hostile, { policy: 'hold' });
    expect(outcome.kind).toBe('hold');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses absurdly deep records instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { name: '山' };
    for (let i = 0; i < 100_000; i++) deep = { child: deep };
    expect(() => enforceCharsetPolicy(deep, { policy: 'hold' })).toThrow(InputError);
  });

  it('refuses degrade without a table', () => {
    expect(() => enforceCharsetPolicy(record, { policy: 'degrade' })).toThrow(ConfigurationError);
  });
});
