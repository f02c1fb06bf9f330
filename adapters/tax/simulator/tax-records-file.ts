/** Loads fixtures/tax/tax-records.json into a lookup by 宛名番号 and fiscal year. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaxYearRecord } from '../wire/tax-data.js';

/** The fixtures the simulator certifies from. */
export interface TaxRecords {
  municipalityCode: string;
  fiscalYears: ReadonlySet<number>;
  find(atenaNumber: string, fiscalYear: number): TaxYearRecord | undefined;
}

/** Reads `tax-records.json` from a fixtures directory. */
export async function loadTaxRecords(fixturesDirectory: string): Promise<TaxRecords> {
  const data = JSON.parse(await readFile(join(fixturesDirectory, 'tax-records.json'), 'utf8')) as {
    municipality: { code: string };
    fiscalYears: number[];
    records: TaxYearRecord[];
  };
  const byKey = new Map<string, TaxYearRecord>();
  for (const record of data.records) byKey.set(`${record.atenaNumber}:${record.fiscalYear}`, record);
  return {
    municipalityCode: data.municipality.code,
    fiscalYears: new Set(data.fiscalYears),
    find: (atenaNumber, fiscalYear) => byKey.get(`${atenaNumber}:${fiscalYear}`),
  };
}
