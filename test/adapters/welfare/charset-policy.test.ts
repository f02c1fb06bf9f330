import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCp932 } from '../../../src/codecs/cp932.js';
import { createDegradeTable } from '../../../src/codecs/degrade.js';
import { InputError, UpstreamError } from '../../../src/errors.js';
import { createWelfareAdapter, WELFARE_ERROR_CODES, type WelfareCharsetPolicy } from '../../../adapters/welfare/index.js';
import { startWelfareSimulator, type WelfareSimulator } from '../../../adapters/welfare/simulator/index.js';
import { context, SECRET, thrown, twoChildClaim } from './helpers.js';

let simulator: WelfareSimulator;

beforeEach(async () => {
  simulator = await startWelfareSimulator({ callbackSecret: SECRET });
});

afterEach(async () => {
  await simulator.close();
});

const adapterWith = (charsetPolicy: WelfareCharsetPolicy) => createWelfareAdapter({ baseUrl: simulator.url, timeoutMs: 5_000, encoding: 'cp932', charsetPolicy });

/** The claim with 𠮷 (U+20BB7, outside CP932) in the second child's name. */
function claimWithYoshi() {
  const record = twoChildClaim();
  record.children[1]!.name = '𠮷田　花';
  return record;
}

describe('a name with 𠮷 in a CP932 upload', () => {
  it('under reject: InputError naming the field pointer and U+20BB7, nothing sent', async () => {
    const error = await thrown(() => adapterWith({ policy: 'reject' }).upload('child-allowance-claim', claimWithYoshi(), 'app-1:send-claim', context()));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('unmappable-character');
    expect((error as InputError).issues).toEqual([{ pointer: '/record/children/1/name', code: 'unmappable-character', message: expect.stringContaining('U+20BB7') }]);
    expect(JSON.stringify((error as InputError).issues) + (error as Error).message).not.toContain('田');
    expect(simulator.received()).toHaveLength(0);
  });

  it('under degrade: sends the table substitute, reports the change by pointer and code points', async () => {
    const degrade = createDegradeTable({ replacements: { '𠮷': '吉' } });
    const receipt = await adapterWith({ policy: 'degrade', degrade }).upload('child-allowance-claim', claimWithYoshi(), 'app-1:send-claim', context());
    expect(receipt.charsetChanges).toEqual([{ pointer: '/record/children/1/name', index: 0, from: 'U+20BB7', to: 'U+5409' }]);
    const text = decodeCp932(simulator.received()[0]!.body);
    expect(text.split('\r\n')[2]).toContain(',吉田　花,');
    expect(simulator.imports()[0]?.record).toMatchObject({ children: [{}, { name: '吉田　花' }] });
  });

  it('under degrade with a table that does not cover the character: held for staff, nothing sent', async () => {
    const degrade = createDegradeTable({ replacements: { '髙': '高' } });
    const error = await thrown(() => adapterWith({ policy: 'degrade', degrade }).upload('child-allowance-claim', claimWithYoshi(), 'app-1:send-claim', context()));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(false);
    expect((error as UpstreamError).code).toBe(WELFARE_ERROR_CODES.charactersHeld);
    expect((error as UpstreamError).message).toContain('/record/children/1/name U+20BB7');
    expect(simulator.received()).toHaveLength(0);
  });

  it('under hold: a permanent error for staff naming pointer and code point', async () => {
    const error = await thrown(() => adapterWith({ policy: 'hold' }).upload('child-allowance-claim', claimWithYoshi(), 'app-1:send-claim', context()));
    expect((error as UpstreamError).code).toBe(WELFARE_ERROR_CODES.charactersHeld);
    expect(simulator.received()).toHaveLength(0);
  });

  it('a JIS X 0208-only package: 髙 (an IBM extension) is refused under reject, kept for the full CP932 repertoire', async () => {
    const narrow = await thrown(() => adapterWith({ policy: 'reject', cp932: { repertoire: 'jis-x-0208' } }).upload('child-allowance-claim', twoChildClaim(), 'app-1:send-claim', context()));
    expect((narrow as InputError).issues.map((issue) => issue.pointer)).toEqual(['/record/claimant/name', '/record/children/0/name', '/record/children/1/name']);
    expect(simulator.received()).toHaveLength(0);
    await adapterWith({ policy: 'reject' }).upload('child-allowance-claim', twoChildClaim(), 'app-1:send-claim', context());
    expect(simulator.imports()).toHaveLength(1);
  });

  it('an IVS sequence (葛 + U+E0100) is degraded by dropping the selector when the table says so', async () => {
    const record = twoChildClaim();
    record.claimant.address = '大阪府大阪市葛\u{E0100}西1丁目';
    const degrade = createDegradeTable({ dropVariationSelectors: true });
    const receipt = await adapterWith({ policy: 'degrade', degrade }).upload('child-allowance-claim', record, 'app-1:send-claim', context());
    expect(receipt.charsetChanges).toEqual([{ pointer: '/record/claimant/address', index: 7, from: 'U+E0100', to: '' }]);
    expect(simulator.imports()[0]?.record).toMatchObject({ claimant: { address: '大阪府大阪市葛西1丁目' } });
  });
});
