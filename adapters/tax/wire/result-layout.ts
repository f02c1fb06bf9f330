/**
 * The result file (KKH_RES_*.dat, tax system → gateway) as data: 640-byte
 * CP932 records plus CRLF. Every data record has every group; groups that do
 * not apply to the request kind are zeros. Byte positions are in ../README.md.
 */
import { defineFixedWidthLayout } from '../../../src/codecs/fixed-width.js';
import type { FixedWidthField } from '../../../src/codecs/fixed-width.js';
import { COMMON_HEADER_FIELDS, COMMON_TRAILER_FIELDS, REQUEST_KEY_FIELDS } from './request-layout.js';

/** Bytes per result record, CRLF excluded. */
export const RESULT_RECORD_LENGTH = 640;

/** Payment slots per result record: one per tax kind. */
export const PAYMENT_SLOTS = 4;

const amount = (name: string): FixedWidthField => ({ name, width: 10, type: 'numeric' });
const count = (name: string): FixedWidthField => ({ name, width: 2, type: 'numeric' });

/** Income fields (所得内訳), in wire order. */
export const INCOME_FIELDS = [
  'totalIncome',
  'salaryRevenue',
  'salaryIncome',
  'pensionRevenue',
  'miscellaneousIncome',
  'businessIncome',
  'realEstateIncome',
  'separateIncome',
] as const;

function paymentSlot(slot: number): FixedWidthField[] {
  return [
    { name: `payment${slot}TaxKind`, width: 2, type: 'numeric' },
    amount(`payment${slot}Assessed`),
    amount(`payment${slot}Paid`),
    amount(`payment${slot}Unpaid`),
    { name: `payment${slot}DueDate`, width: 7, type: 'numeric' },
  ];
}

/** The result file layout. */
export const TAX_RESULT_LAYOUT = defineFixedWidthLayout({
  name: 'tax-result',
  recordLength: RESULT_RECORD_LENGTH,
  header: {
    recordType: '1',
    fields: [
      ...COMMON_HEADER_FIELDS,
      { name: 'fileStatus', width: 2, type: 'numeric' },
      { name: 'fileErrorCode', width: 4, type: 'alnum' },
      { name: 'requestFileName', width: 40, type: 'alnum' },
      { name: 'filler', width: 546, type: 'alnum' },
    ],
  },
  data: {
    recordType: '2',
    fields: [
      ...REQUEST_KEY_FIELDS,
      { name: 'resultCode', width: 2, type: 'numeric' },
      { name: 'detailCode', width: 4, type: 'alnum' },
      ...INCOME_FIELDS.map(amount),
      amount('socialInsurance'),
      amount('lifeInsurance'),
      amount('earthquakeInsurance'),
      amount('medical'),
      { name: 'spouseKind', width: 1, type: 'numeric' },
      amount('spouseDeduction'),
      count('dependantsGeneral'),
      count('dependantsSpecific'),
      count('dependantsElderly'),
      count('dependantsElderlyCohabiting'),
      count('dependantsUnder16'),
      amount('dependantDeduction'),
      count('disabledSpecial'),
      count('disabledOrdinary'),
      count('disabledCohabitingSpecial'),
      amount('disabilityDeduction'),
      { name: 'singleParentWidowKind', width: 1, type: 'numeric' },
      amount('singleParentWidowDeduction'),
      amount('workingStudentDeduction'),
      amount('basicDeduction'),
      amount('totalDeductions'),
      amount('taxableGeneral'),
      amount('taxableSeparate'),
      amount('cityIncomeLevy'),
      amount('cityPerCapita'),
      amount('prefecturalIncomeLevy'),
      amount('prefecturalPerCapita'),
      amount('annualTax'),
      ...Array.from({ length: PAYMENT_SLOTS }, (_, i) => paymentSlot(i + 1)).flat(),
      { name: 'filler', width: 52, type: 'alnum' },
    ],
  },
  trailer: {
    recordType: '9',
    fields: [...COMMON_TRAILER_FIELDS, { name: 'filler', width: 618, type: 'alnum' }],
  },
});
