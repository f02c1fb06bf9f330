import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EraTable } from '../../../src/jp/era.js';
import { isValidMod11Number } from '../../../src/jp/check-digits.js';
import { isCutoffDue, lastScheduledCutoff } from '../../../adapters/tax/cutoff-schedule.js';
import { TAX_REQUEST_LAYOUT, TAX_RESULT_LAYOUT, type TaxYearRecord } from '../../../adapters/tax/index.js';
import { fiscalYearEraCode, fiscalYearWareki, fromEraDateField, toEraDateField } from '../../../adapters/tax/wire/era-fields.js';

const eras = new EraTable();

describe('README byte positions', () => {
  it('match the layouts field for field', async () => {
    const readme = await readFile(new URL('../../../adapters/tax/README.md', import.meta.url), 'utf8');
    for (const [title, layout] of [['Request file', TAX_REQUEST_LAYOUT], ['Result file', TAX_RESULT_LAYOUT]] as const) {
      for (const kind of ['header', 'data', 'trailer'] as const) {
        const section = readme.split(`#### ${title}: ${kind} record`)[1]!.split('\n\n')[1]!;
        const rows = section.split('\n').slice(2).map((line) => line.split('|').map((cell) => cell.trim()));
        let position = 2;
        const expected = [['1', '1', 'recordType']];
        for (const field of layout[kind].fields) {
          expected.push([`${position}–${position + field.width - 1}`, String(field.width), field.name]);
          position += field.width;
        }
        expect(rows.map((cells) => cells.slice(1, 4))).toEqual(expected);
        expect(position - 1).toBe(layout.recordLength);
      }
    }
  });
});

describe('era fields', () => {
  it('writes the fiscal year by the era of its 1 April, and dates as GYYMMDD both ways', () => {
    expect(fiscalYearEraCode(2024, eras)).toBe('506');
    // 2019年度 began on 平成31年4月1日: this interface names it 平成31年度, by its first day.
    expect(fiscalYearEraCode(2019, eras)).toBe('431');
    expect(fiscalYearEraCode(2020, eras)).toBe('502');
    expect(fiscalYearWareki(2019, eras)).toBe('平成31年度');
    expect(fiscalYearWareki(2025, eras)).toBe('令和7年度');
    expect(toEraDateField('1989-01-07', eras)).toBe('3640107');
    expect(toEraDateField('2019-05-01', eras)).toBe('5010501');
    expect(toEraDateField(null, eras)).toBe('0000000');
    expect(fromEraDateField('4310430', eras)).toBe('2019-04-30');
    expect(fromEraDateField('0000000', eras)).toBeNull();
    expect(() => fromEraDateField('4310501', eras)).toThrow(RangeError);
    expect(() => fromEraDateField('5x10501', eras)).toThrow(RangeError);
  });
});

describe('cut-off schedule', () => {
  it('finds the last time of day in Japan, across midnight', () => {
    expect(lastScheduledCutoff(['22:00', '06:30'], new Date('2025-06-02T20:00:00Z'))?.toISOString()).toBe('2025-06-02T13:00:00.000Z');
    expect(lastScheduledCutoff(['22:00'], new Date('2025-06-02T12:59:59Z'))?.toISOString()).toBe('2025-06-01T13:00:00.000Z');
    expect(lastScheduledCutoff([], new Date())).toBeUndefined();
  });

  it('is due by count, by wait, or by a scheduled time after the oldest message, and never with nothing waiting', () => {
    const rules = { maxMessages: 3, maxWaitMs: 60_000, atTimesOfDay: ['22:00'] };
    const oldest = new Date('2025-06-02T12:00:00Z');
    expect(isCutoffDue(rules, 0, undefined, new Date('2025-06-03T00:00:00Z'))).toBe(false);
    expect(isCutoffDue(rules, 3, oldest, oldest)).toBe(true);
    expect(isCutoffDue(rules, 1, oldest, new Date('2025-06-02T12:00:59Z'))).toBe(false);
    expect(isCutoffDue(rules, 1, oldest, new Date('2025-06-02T12:01:00Z'))).toBe(true);
    expect(isCutoffDue({ maxMessages: 3, atTimesOfDay: ['22:00'] }, 1, oldest, new Date('2025-06-02T12:59:00Z'))).toBe(false);
    expect(isCutoffDue({ maxMessages: 3, atTimesOfDay: ['22:00'] }, 1, oldest, new Date('2025-06-02T13:00:00Z'))).toBe(true);
  });
});

describe('fixtures/tax', () => {
  it('covers residents only, four fiscal years, and the 課税, 非課税, 未申告 and arrears cases', async () => {
    const residents = JSON.parse(await readFile(new URL('../../../fixtures/residents/residents.json', import.meta.url), 'utf8')) as { residents: { atenaNumber: string }[] };
    const tax = JSON.parse(await readFile(new URL('../../../fixtures/tax/tax-records.json', import.meta.url), 'utf8')) as { fiscalYears: number[]; records: TaxYearRecord[] };
    const known = new Set(residents.residents.map((resident) => resident.atenaNumber));
    expect(tax.fiscalYears).toEqual([2023, 2024, 2025, 2026]);
    for (const record of tax.records) {
      expect(known.has(record.atenaNumber) && isValidMod11Number(record.atenaNumber)).toBe(true);
      if (record.status === 'undeclared') continue;
      const { income, deductions, tax: amounts } = record;
      expect(income!.total).toBe(income!.salaryIncome + income!.miscellaneousIncome + income!.businessIncome + income!.realEstateIncome + income!.separateIncome);
      expect(amounts!.annualTax).toBe(amounts!.cityIncomeLevy + amounts!.cityPerCapita + amounts!.prefecturalIncomeLevy + amounts!.prefecturalPerCapita);
      expect(deductions!.total).toBeGreaterThanOrEqual(deductions!.basic);
      expect(record.status === 'non-taxable').toBe(amounts!.annualTax === 0);
      for (const payment of record.payments) expect(payment.paid + payment.unpaid).toBe(payment.assessed);
    }
    const statuses = new Set(tax.records.map((record) => record.status));
    expect([...statuses].sort()).toEqual(['assessed', 'non-taxable', 'undeclared']);
    expect(tax.records.some((record) => record.payments.some((payment) => payment.unpaid > 0))).toBe(true);
  });
});
