/**
 * The request file (KKH_REQ_*.dat, gateway → tax system) as data: 256-byte
 * CP932 records plus CRLF. Byte positions are listed in ../README.md.
 */
import { defineFixedWidthLayout } from '../../../src/codecs/fixed-width.js';
import type { FixedWidthField } from '../../../src/codecs/fixed-width.js';

/** Bytes per request record, CRLF excluded. */
export const REQUEST_RECORD_LENGTH = 256;

/** Width of the message id field in both files. */
export const MESSAGE_ID_WIDTH = 128;

/** Header fields shared by request and result files. */
export const COMMON_HEADER_FIELDS: readonly FixedWidthField[] = [
  { name: 'senderCode', width: 8, type: 'alnum' },
  { name: 'receiverCode', width: 8, type: 'alnum' },
  { name: 'municipalityCode', width: 6, type: 'numeric' },
  { name: 'fileKind', width: 3, type: 'alnum' },
  { name: 'createdAt', width: 14, type: 'numeric' },
  { name: 'fileSequence', width: 6, type: 'numeric' },
  { name: 'layoutVersion', width: 2, type: 'numeric' },
];

/** Trailer fields shared by both files: data-record count and checksum (sum of data-record bytes mod 10^12). */
export const COMMON_TRAILER_FIELDS: readonly FixedWidthField[] = [
  { name: 'recordCount', width: 9, type: 'numeric', role: 'record-count' },
  { name: 'checksum', width: 12, type: 'numeric', role: 'checksum' },
];

/** The leading fields of a request data record, which each result record echoes. */
export const REQUEST_KEY_FIELDS: readonly FixedWidthField[] = [
  { name: 'messageId', width: MESSAGE_ID_WIDTH, type: 'alnum' },
  { name: 'requestKind', width: 2, type: 'numeric' },
  { name: 'atenaNumber', width: 10, type: 'numeric' },
  { name: 'fiscalYearEra', width: 3, type: 'numeric' },
  { name: 'fiscalYear', width: 4, type: 'numeric' },
];

/** The request file layout. */
export const TAX_REQUEST_LAYOUT = defineFixedWidthLayout({
  name: 'tax-request',
  recordLength: REQUEST_RECORD_LENGTH,
  header: {
    recordType: '1',
    fields: [...COMMON_HEADER_FIELDS, { name: 'filler', width: 208, type: 'alnum' }],
  },
  data: {
    recordType: '2',
    fields: [
      ...REQUEST_KEY_FIELDS,
      { name: 'taxKind', width: 2, type: 'numeric' },
      { name: 'nameKana', width: 40, type: 'kana', overflow: 'truncate' },
      { name: 'name', width: 40, type: 'kanji', overflow: 'truncate' },
      { name: 'birthDate', width: 7, type: 'numeric' },
      { name: 'copies', width: 2, type: 'numeric' },
      { name: 'filler', width: 17, type: 'alnum' },
    ],
  },
  trailer: {
    recordType: '9',
    fields: [...COMMON_TRAILER_FIELDS, { name: 'filler', width: 234, type: 'alnum' }],
  },
});
