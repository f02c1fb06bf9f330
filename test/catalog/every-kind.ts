import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { CompiledProcedure } from '../../src/catalog/procedure.js';
import { procedureDirectory } from './procedure-files.js';

/** 2026-12-01 in Japan, while it is still 30 November in UTC. */
export const NOW = new Date('2026-11-30T20:00:00Z');

const label = (ja: string, en: string) => ({ ja, en });

/** A procedure with one field of every kind, for exercising the form language. */
export const everyKind = {
  id: 'every-kind',
  title: label('全種類', 'Every kind'),
  identity: { kind: 'none' },
  fee: { kind: 'free' },
  issuanceMethods: [],
  route: [{ name: 'send-application', action: 'send', system: 'welfare' }],
  form: {
    fields: [
      { name: 'name', kind: 'text', required: true, maxLength: 10, label: label('氏名', 'Name') },
      { name: 'legacyName', kind: 'text', maxLength: 10, charset: 'jis-x-0208', label: label('氏名(JIS)', 'Name (JIS)') },
      { name: 'digits', kind: 'text', maxLength: 7, charset: 'digits', label: label('数字', 'Digits') },
      { name: 'ascii', kind: 'text', maxLength: 20, charset: 'ascii', label: label('英数', 'ASCII') },
      { name: 'patterned', kind: 'text', maxLength: 8, pattern: '[A-Z]{2}[0-9]+', label: label('記号', 'Code') },
      { name: 'kana', kind: 'kana', maxLength: 20, label: label('フリガナ', 'Kana') },
      { name: 'birthDate', kind: 'date', min: '1900-01-01', max: 'today', label: label('生年月日', 'Date of birth') },
      { name: 'movingDate', kind: 'date', min: 'today-14d', max: 'today+1m', label: label('異動日', 'Moving date') },
      { name: 'eraDate', kind: 'era-date', label: label('和暦日付', 'Era date') },
      { name: 'count', kind: 'integer', min: 1, max: 10, label: label('数', 'Count') },
      {
        name: 'choice',
        kind: 'code',
        label: label('選択', 'Choice'),
        options: [
          { value: 'a', label: label('甲', 'A') },
          { value: 'b', label: label('乙', 'B') },
        ],
      },
      { name: 'flag', kind: 'boolean', label: label('有無', 'Flag') },
      { name: 'postalCode', kind: 'postal-code', label: label('郵便番号', 'Postal code') },
      { name: 'phone', kind: 'phone', label: label('電話番号', 'Phone') },
      { name: 'email', kind: 'email', label: label('メール', 'E-mail') },
      { name: 'myNumber', kind: 'my-number', label: label('個人番号', 'My Number') },
      { name: 'address', kind: 'address', label: label('住所', 'Address') },
      { name: 'document', kind: 'attachment', label: label('書類', 'Document') },
      {
        name: 'nested',
        kind: 'group',
        label: label('入れ子', 'Nested'),
        fields: [{ name: 'inner', kind: 'group', required: true, label: label('内側', 'Inner'), fields: [{ name: 'value', kind: 'text', required: true, maxLength: 5, label: label('値', 'Value') }] }],
      },
      {
        name: 'items',
        kind: 'group',
        label: label('明細', 'Items'),
        repeat: { min: 1, max: 3 },
        fields: [{ name: 'title', kind: 'text', required: true, maxLength: 20, label: label('件名', 'Title') }],
      },
    ],
  },
};

/** The every-kind procedure, compiled by the real loader with the clock at NOW. */
export async function compileEveryKind(): Promise<CompiledProcedure> {
  const { directory, remove } = await procedureDirectory({ 'every-kind.yaml': everyKind });
  try {
    const catalog = await loadCatalog(directory, { clock: () => NOW });
    return catalog.get('every-kind')!;
  } finally {
    await remove();
  }
}
