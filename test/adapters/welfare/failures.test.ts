import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCp932, encodeCp932 } from '../../../src/codecs/cp932.js';
import { UpstreamError } from '../../../src/errors.js';
import { EraTable, DEFAULT_ERAS } from '../../../src/jp/era.js';
import { createWelfareAdapter, WELFARE_ERROR_CODES, type WelfareAdapterOptions } from '../../../adapters/welfare/index.js';
import { startWelfareSimulator, type WelfareSimulator } from '../../../adapters/welfare/simulator/index.js';
import { context, SECRET, thrown, twoChildClaim } from './helpers.js';

const MESSAGE_ID = 'app-1:send-claim';
let simulator: WelfareSimulator;

beforeEach(async () => {
  simulator = await startWelfareSimulator({ callbackSecret: SECRET, now: () => new Date('2026-04-01T00:30:00Z') });
});

afterEach(async () => {
  await simulator.close();
});

const adapterWith = (overrides: Partial<WelfareAdapterOptions> = {}) =>
  createWelfareAdapter({ baseUrl: simulator.url, timeoutMs: 5_000, encoding: 'cp932', charsetPolicy: { policy: 'reject' }, ...overrides });

function upstream(error: unknown): UpstreamError {
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).system).toBe('welfare');
  return error as UpstreamError;
}

const upload = (adapter = adapterWith()) => adapter.upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context());

/** A fetch that damages the file on its way, as a package with stricter rules than ours would see it. */
function tamperingFetch(change: (csv: string) => string): typeof fetch {
  return (input, init) => {
    const body = decodeCp932(init!.body as Buffer);
    const encoded = encodeCp932(change(body));
    if (!('bytes' in encoded)) throw new Error('test change is not CP932');
    return fetch(input, { ...init, body: encoded.bytes });
  };
}

describe('a rejected file (400)', () => {
  it('is a permanent welfare-file-rejected error naming row and column, never the values', async () => {
    const adapter = adapterWith({ fetch: tamperingFetch((csv) => csv.replaceAll(',1234567,', ',12345X7,')) });
    const error = upstream(await thrown(() => upload(adapter)));
    expect(error.retryable).toBe(false);
    expect(error.code).toBe(WELFARE_ERROR_CODES.fileRejected);
    expect(error.message).toBe('the welfare system rejected the file: row 2 口座番号: INVALID_FORMAT; row 3 口座番号: INVALID_FORMAT');
    expect(simulator.imports()).toHaveLength(0);
  });

  it('lists at most ten problems and counts the rest', async () => {
    const record = twoChildClaim();
    record.children = Array.from({ length: 12 }, () => ({ ...record.children[0]! }));
    const adapter = adapterWith({ fetch: tamperingFetch((csv) => csv.replaceAll(',ﾀｶﾊｼ ｲﾁﾛｳ,', ',ﾀｶﾊｼ ｲﾁﾛｳ!,')) });
    const error = upstream(await thrown(() => adapter.upload('child-allowance-claim', record, MESSAGE_ID, context())));
    expect(error.message).toContain('row 2 受給者氏名カナ: INVALID_CHARACTER; row 2 口座名義カナ: INVALID_CHARACTER; row 3 受給者氏名カナ');
    expect(error.message).toMatch(/; and 14 more$/);
    expect(error.message).not.toContain('ﾀｶﾊｼ');
  });

  it('a 和暦 the package does not know yet (a new era the gateway table already has) is refused by the package', async () => {
    const eras = new EraTable([...DEFAULT_ERAS, { code: 6, name: '新元号', initial: 'N', start: '2024-01-01' }]);
    const record = twoChildClaim();
    record.children[1]!.birthDate = '6010301';
    const error = upstream(await thrown(() => adapterWith({ eras }).upload('child-allowance-claim', record, MESSAGE_ID, context())));
    expect(error.message).toBe('the welfare system rejected the file: row 3 児童生年月日: INVALID_DATE');
  });

  it('the rejection of a claimant column that differs between rows is INCONSISTENT_ROWS', async () => {
    let row = 0;
    const adapter = adapterWith({ fetch: tamperingFetch((csv) => csv.replaceAll(',4200000,', () => (row++ === 1 ? ',4200001,' : ',4200000,'))) });
    const error = upstream(await thrown(() => upload(adapter)));
    expect(error.message).toBe('the welfare system rejected the file: row 3 合計所得金額: INCONSISTENT_ROWS');
  });
});

describe('retryable failures', () => {
  it.each([500, 502, 503, 429])('HTTP %i is retryable welfare-unavailable, and nothing was imported', async (status) => {
    simulator.faults.inject({ kind: 'status', status });
    const error = upstream(await thrown(() => upload()));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(WELFARE_ERROR_CODES.unavailable);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(simulator.imports()).toHaveLength(0);
    await expect(upload()).resolves.toMatchObject({ duplicate: false, importId: 'IMP-20260401-000001' });
  });

  it('503 maintenance names MAINTENANCE', async () => {
    simulator.faults.inject({ kind: 'status', status: 503 });
    expect(upstream(await thrown(() => upload())).message).toBe('the welfare system failed: HTTP 503 MAINTENANCE');
  });

  it('a package that hangs past the timeout is a retryable welfare-timeout; the abandoned upload imports nothing', async () => {
    simulator.faults.inject({ kind: 'hang', ms: 10_000 });
    const error = upstream(await thrown(() => upload(adapterWith({ timeoutMs: 200 }))));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(WELFARE_ERROR_CODES.timeout);
    expect(simulator.imports()).toHaveLength(0);
  });

  it('a caller cancellation is welfare-aborted', async () => {
    simulator.faults.inject({ kind: 'hang', ms: 10_000 });
    const controller = new AbortController();
    const pending = thrown(() => adapterWith().upload('child-allowance-claim', twoChildClaim(), MESSAGE_ID, context(controller.signal)));
    setTimeout(() => controller.abort(), 50);
    expect(upstream(await pending).code).toBe(WELFARE_ERROR_CODES.aborted);
  });

  it('a connection dropped mid-reply is retryable, and the retry gets the import made before the drop', async () => {
    simulator.faults.inject({ kind: 'drop-connection' });
    const error = upstream(await thrown(() => upload()));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(WELFARE_ERROR_CODES.unreachable);
    expect(simulator.imports()).toHaveLength(1);
    const retry = await upload();
    expect(retry).toMatchObject({ duplicate: true, importId: simulator.imports()[0]!.importId });
    expect(simulator.imports()).toHaveLength(1);
  });

  it('a 202 with malformed JSON is retryable welfare-reply-invalid; the retry is a duplicate of the same import', async () => {
    simulator.faults.inject({ kind: 'malformed-json' });
    const error = upstream(await thrown(() => upload()));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(WELFARE_ERROR_CODES.replyInvalid);
    await expect(upload()).resolves.toMatchObject({ duplicate: true });
  });

  it('a refused connection is retryable welfare-unreachable', async () => {
    const url = simulator.url;
    await simulator.close();
    const error = upstream(await thrown(() => upload(createWelfareAdapter({ baseUrl: url, timeoutMs: 2_000, encoding: 'cp932', charsetPolicy: { policy: 'reject' } }))));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe(WELFARE_ERROR_CODES.unreachable);
    simulator = await startWelfareSimulator({ callbackSecret: SECRET });
  });

  it('an oversized reply is not buffered: retryable welfare-reply-invalid', async () => {
    const hugeReply: typeof fetch = async () => new Response('x'.repeat(4096), { status: 202 });
    const error = upstream(await thrown(() => upload(adapterWith({ fetch: hugeReply, maxReplyBytes: 1024 }))));
    expect(error.code).toBe(WELFARE_ERROR_CODES.replyInvalid);
  });
});

describe('permanent refusals other than 400', () => {
  it('a package without the import for this record type (404) is a permanent refusal', async () => {
    const notConfigured: typeof fetch = (input, init) => fetch(String(input).replace('child-allowance-claim', 'child-allowance'), init);
    const error = upstream(await thrown(() => upload(adapterWith({ fetch: notConfigured }))));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('the welfare system refused the upload: HTTP 404 UNKNOWN_RECORD_TYPE');
  });
});

describe('health', () => {
  it('passes when the package answers, and fails retryably during maintenance', async () => {
    await expect(adapterWith().health(context())).resolves.toBeUndefined();
    simulator.faults.inject({ kind: 'status', status: 503 });
    const error = upstream(await thrown(() => adapterWith().health(context())));
    expect(error.retryable).toBe(true);
  });
});
