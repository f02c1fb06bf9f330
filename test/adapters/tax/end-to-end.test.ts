import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTaxSimulator, type TaxSimulator } from '../../../adapters/tax/simulator/index.js';
import { adapterContext, exchangeDirectory, list, makeAdapter, makeSimulator, PEOPLE, ReplyRecorder, taxMessage, TestClock } from './helpers.js';

interface FixtureRecord {
  atenaNumber: string;
  fiscalYear: number;
  income?: Record<string, number>;
  deductions?: Record<string, unknown>;
  tax?: Record<string, number>;
}
const fixtures = JSON.parse(await readFile(new URL('../../../fixtures/tax/tax-records.json', import.meta.url), 'utf8')) as { records: FixtureRecord[] };
const fixture = (atenaNumber: string, fiscalYear: number): FixtureRecord => fixtures.records.find((record) => record.atenaNumber === atenaNumber && record.fiscalYear === fiscalYear)!;

let exchange: { path: string; cleanup: () => Promise<void> };
let clock: TestClock;
let recorder: ReplyRecorder;
let simulator: TaxSimulator;

beforeEach(async () => {
  exchange = await exchangeDirectory();
  clock = new TestClock('2025-06-02T13:00:00.000Z');
  recorder = new ReplyRecorder();
  simulator = await makeSimulator(exchange.path, clock);
});
afterEach(async () => {
  await simulator.close();
  await exchange.cleanup();
});

describe('request → result → resume', () => {
  it('resumes each application with the decoded tax data, or a rejection a person can read', async () => {
    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 6 } });
    const context = adapterContext(clock);
    await adapter.deliver(taxMessage('assessed', PEOPLE.takahashi, { fiscalYear: 2024 }), context);
    await adapter.deliver(taxMessage('non-taxable', PEOPLE.yamasaki, { fiscalYear: 2024, operation: 'income-certificate' }), context);
    await adapter.deliver(taxMessage('undeclared', PEOPLE.sasaki, { fiscalYear: 2024 }), context);
    await adapter.deliver(taxMessage('arrears', PEOPLE.ito, { fiscalYear: 2024, operation: 'payment-certificate' }), context);
    await adapter.deliver(taxMessage('moved-out', PEOPLE.watanabe, { fiscalYear: 2025 }), context);
    await adapter.deliver(taxMessage('separate', PEOPLE.yamasaki, { fiscalYear: 2025, operation: 'payment-certificate', taxKind: '04' }), context);

    expect(await simulator.poll()).toEqual(['KKH_RES_20250602220000_000001.dat']);
    expect(await list(join(exchange.path, 'processed'))).toEqual(['KKH_REQ_20250602220000_000001.dat']);
    const reports = await adapter.pollInbox();
    expect(reports).toEqual([{ fileName: 'KKH_RES_20250602220000_000001.dat', outcome: 'processed', records: 6, resumed: 6 }]);
    expect(recorder.replies).toHaveLength(6);

    const assessed = recorder.of('app-assessed:send-to-tax');
    const expected = fixture('1034004400', 2024);
    expect(assessed.outcome).toBe('completed');
    expect(assessed.data).toMatchObject({
      resultCode: '00',
      requestKind: 'taxation-certificate',
      atenaNumber: '1034004400',
      fiscalYear: 2024,
      fiscalYearWareki: '令和6年度',
      nonTaxable: false,
      income: expected.income,
      deductions: expected.deductions,
      tax: expected.tax,
    });
    expect(assessed.data.tax).toMatchObject({ annualTax: 224_900, cityPerCapita: 3_000, prefecturalPerCapita: 1_300 });

    const nonTaxable = recorder.of('app-non-taxable:send-to-tax');
    expect(nonTaxable).toMatchObject({ outcome: 'completed', data: { resultCode: '10', requestKind: 'income-certificate', nonTaxable: true, income: { pensionRevenue: 1_500_000, total: 400_000 }, tax: { annualTax: 0 } } });

    const undeclared = recorder.of('app-undeclared:send-to-tax');
    expect(undeclared.outcome).toBe('rejected');
    expect(undeclared.reason).toContain('未申告');
    expect(undeclared.reason).toContain('令和6年度');
    expect(undeclared.data).toMatchObject({ resultCode: '20' });
    expect(undeclared.data.income).toBeUndefined();

    const arrears = recorder.of('app-arrears:send-to-tax');
    expect(arrears).toMatchObject({
      outcome: 'completed',
      data: {
        requestKind: 'payment-certificate',
        arrears: true,
        payments: [
          { taxKind: '01', taxKindName: '市民税・府民税（普通徴収）', assessed: 204_300, paid: 102_300, unpaid: 102_000, dueDate: '2024-10-31' },
          { taxKind: '04', taxKindName: '軽自動車税（種別割）', assessed: 10_800, paid: 0, unpaid: 10_800, dueDate: '2024-05-31' },
        ],
      },
    });

    const movedOut = recorder.of('app-moved-out:send-to-tax');
    expect(movedOut).toMatchObject({ outcome: 'rejected', data: { resultCode: '30', fiscalYearWareki: '令和7年度' } });
    expect(movedOut.reason).toContain('納税義務者ではない');

    // A non-taxable person who owns nothing with a 軽自動車税: not a taxpayer for that kind.
    expect(recorder.of('app-separate:send-to-tax')).toMatchObject({ outcome: 'rejected', data: { resultCode: '30' } });

    expect(await list(join(exchange.path, 'processed'))).toContain('KKH_RES_20250602220000_000001.dat');
    expect(await list(join(exchange.path, 'inbox'))).toEqual([]);
    expect(await list(join(exchange.path, 'rejected'))).toEqual([]);
  });

  it('runs by itself on timers: the adapter cuts off and polls, the simulator answers', async () => {
    await simulator.close();
    simulator = await startTaxSimulator({ exchangeDirectory: exchange.path, pollIntervalMs: 20 });
    const adapter = makeAdapter(exchange.path, clock, recorder, { cutoff: { maxMessages: 100, maxWaitMs: 0 }, pollIntervalMs: 20, clock: () => new Date() });
    adapter.start();
    try {
      await adapter.deliver(taxMessage('timed', PEOPLE.takahashi, { fiscalYear: 2023 }), adapterContext(clock));
      await vi.waitFor(() => expect(recorder.replies).toHaveLength(1), { timeout: 10_000, interval: 20 });
      expect(recorder.of('app-timed:send-to-tax')).toMatchObject({ outcome: 'completed', data: { fiscalYearWareki: '令和5年度', tax: { cityPerCapita: 3_500, prefecturalPerCapita: 1_800 } } });
    } finally {
      await adapter.stop();
    }
  });
});
