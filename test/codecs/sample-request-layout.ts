import { defineFixedWidthLayout } from '../../src/codecs/fixed-width.js';

/** A sample request batch layout for the codec tests (80-byte records, tax-certificate-like; not the tax adapter's wire layout, adapters/tax/wire/request-layout.ts). */
export const SAMPLE_REQUEST_LAYOUT = defineFixedWidthLayout({
  name: 'tax-certificate-request',
  recordLength: 80,
  header: {
    recordType: '1',
    fields: [
      { name: 'municipality', width: 6, type: 'numeric' },
      { name: 'createdOn', width: 8, type: 'numeric' },
      { name: 'fileId', width: 10, type: 'alnum' },
      { name: 'filler', width: 55, type: 'alnum' },
    ],
  },
  data: {
    recordType: '2',
    fields: [
      { name: 'atenaNumber', width: 10, type: 'numeric' },
      { name: 'name', width: 20, type: 'kanji', overflow: 'truncate' },
      { name: 'nameKana', width: 20, type: 'kana', overflow: 'truncate' },
      { name: 'birthDate', width: 7, type: 'numeric' },
      { name: 'fiscalYear', width: 4, type: 'numeric' },
      { name: 'copies', width: 2, type: 'numeric' },
      { name: 'purpose', width: 15, type: 'kanji', pad: 'space' },
      { name: 'reference', width: 1, type: 'alnum' },
    ],
  },
  trailer: {
    recordType: '9',
    fields: [
      { name: 'recordCount', width: 9, type: 'numeric', role: 'record-count' },
      { name: 'checksum', width: 12, type: 'numeric', role: 'checksum' },
      { name: 'filler', width: 58, type: 'alnum' },
    ],
  },
});
