import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCheckpointSignatureCheck } from '../../src/audit/checkpoint-signature.js';
import { writeDueCheckpoints, type CheckpointSigner } from '../../src/audit/checkpoints.js';
import { jstDayBounds, jstDayOf } from '../../src/audit/jst-day.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit.js';
import type { IssuanceConfig } from '../../src/issuance/issuance-config.js';
import { loadCertificateSigner, loadTrustAnchors } from '../../src/issuance/sign/certificate-signer.js';
import type { Store } from '../../src/store/types.js';
import { fixturePkiSettings } from '../support/evidence.js';
import { temporaryStore } from '../support/runner-harness.js';

const HOUR = 3600_000;
/** 2026-12-01 00:00 JST. */
const DEC_1 = Date.parse('2026-12-01T00:00:00+09:00');

let sign: CheckpointSigner;
let checkSignature: ReturnType<typeof createCheckpointSignatureCheck>;
let store: Store;
let dispose: () => Promise<void>;

beforeAll(async () => {
  const issuance = fixturePkiSettings().issuance as IssuanceConfig;
  sign = (await loadCertificateSigner(issuance.signer)).sign;
  checkSignature = createCheckpointSignatureCheck(await loadTrustAnchors(issuance.trustAnchorFile));
});
beforeEach(() => {
  ({ store, dispose } = temporaryStore());
});
afterEach(async () => {
  await dispose();
});

const append = (ms: number) =>
  store.appendAudit({ at: new Date(ms).toISOString(), actor: { kind: 'client', id: 'dev-staff', role: 'staff' }, action: 'personal-data.view', target: { type: 'application', id: 'app-1' } });
const checkpointAt = (ms: number) => writeDueCheckpoints({ store, sign, clock: () => new Date(ms) });

describe('JST days', () => {
  it('start at 15:00 UTC the day before', () => {
    expect(jstDayOf('2026-11-30T14:59:59.999Z')).toBe('2026-11-30');
    expect(jstDayOf('2026-11-30T15:00:00.000Z')).toBe('2026-12-01');
    expect(jstDayBounds('2026-12-01')).toEqual({ from: '2026-11-30T15:00:00.000Z', to: '2026-12-01T15:00:00.000Z' });
    expect(jstDayBounds('2026-02-29')).toBeNull();
  });
});

describe('daily checkpoints', () => {
  it('sign the last entry of each ended day that has entries, once, after a grace period', async () => {
    await append(DEC_1 + 10 * HOUR);
    const lastOfDec1 = await append(DEC_1 + 23.99 * HOUR);
    const onDec3 = await append(DEC_1 + 50 * HOUR);

    expect(await checkpointAt(DEC_1 + 24 * HOUR + 60_000)).toEqual([]);
    const first = await checkpointAt(DEC_1 + 24 * HOUR + 10 * 60_000);
    expect(first).toEqual([expect.objectContaining({ day: '2026-12-01', seq: lastOfDec1.seq, hash: lastOfDec1.hash })]);
    expect(checkSignature(first[0]!)).toBeNull();

    // 12-02 has no entries: no checkpoint; 12-03 gets its own once over; a rerun adds nothing.
    const later = await checkpointAt(DEC_1 + 80 * HOUR);
    expect(later.map((checkpoint) => [checkpoint.day, checkpoint.seq])).toEqual([['2026-12-03', onDec3.seq]]);
    expect(await checkpointAt(DEC_1 + 80 * HOUR)).toEqual([]);
    expect((await store.listAuditCheckpoints()).map((checkpoint) => checkpoint.day)).toEqual(['2026-12-01', '2026-12-03']);

    expect(await verifyAuditTrail(store, checkSignature)).toEqual({ entries: 3, checkpoints: 2, pendingDays: [], findings: [] });
  });

  it('leave today and yesterday pending, and refuse a checkpoint signed by a key the city root does not vouch for', async () => {
    await append(DEC_1 + HOUR);
    const [checkpoint] = await checkpointAt(DEC_1 + 30 * HOUR);
    await append(DEC_1 + 30 * HOUR);
    expect((await verifyAuditTrail(store, checkSignature)).pendingDays).toEqual(['2026-12-02']);

    const strangerRoot = createCheckpointSignatureCheck([]);
    expect(strangerRoot(checkpoint!)).toMatch(/^the signature cannot be checked/);
    expect(checkSignature({ ...checkpoint!, signature: 'bm90IGNtcw==' })).toMatch(/^the signature cannot be checked/);
  });
});
