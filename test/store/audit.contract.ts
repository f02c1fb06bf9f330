import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditHashOf, GENESIS_HASH } from '../../src/audit/audit-chain.js';
import type { AuditEvent, CertificateRecord, Store } from '../../src/store/types.js';
import { at, newApplication } from './store-fixtures.js';

const OPERATOR = { kind: 'client', id: 'ops-console', role: 'staff' } as const;

function event(seconds: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return { at: at(seconds), actor: OPERATOR, action: 'dead-letter.replay', target: { type: 'dead-letter', id: 'app-1:0' }, ...overrides };
}

const certificate: CertificateRecord = {
  id: 'cert-1',
  applicationId: 'app-1',
  type: 'juminhyo-copy',
  document: '{}',
  documentHash: 'b'.repeat(64),
  signature: 'MIIB',
  issuedAt: at(0),
  revokedAt: null,
  revocationReason: null,
};

/** The audit part of the Store contract: every implementation runs it unchanged. */
export function describeAuditContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`Store contract (audit trail): ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      await cleanup();
    });

    async function deadJob(applicationId = 'app-1'): Promise<string> {
      await store.createApplication(newApplication(applicationId));
      const [job] = await store.claimJobs('runner-1', at(1), at(60), 1);
      await store.deadLetter(job!.id, 'runner-1', at(2), 'gave up');
      return job!.id;
    }

    it('chains each entry to the one before by seq and SHA-256', async () => {
      const first = await store.appendAudit(event(10));
      const second = await store.appendAudit(event(11, { action: 'dead-letter.discard', reason: 'the resident withdrew' }));
      expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, actor: OPERATOR });
      expect(first.hash).toBe(auditHashOf(first));
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, reason: 'the resident withdrew' });
      expect(second.hash).toBe(auditHashOf(second));
      expect(await store.listAudit(0, 10)).toEqual([first, second]);
      expect(await store.listAudit(1, 10)).toEqual([second]);
      expect(await store.listAudit(0, 1)).toEqual([first]);
      expect(await store.listAuditBetween(at(11), at(12))).toEqual([second]);
      expect(await store.listAuditBetween(at(0), at(11))).toEqual([first]);
    });

    it('never gives two concurrent appends the same seq or prevHash', async () => {
      const entries = await Promise.all(Array.from({ length: 25 }, (_, i) => store.appendAudit(event(i))));
      const listed = await store.listAudit(0, 100);
      expect(listed.map((entry) => entry.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(new Set(entries.map((entry) => entry.prevHash)).size).toBe(25);
      listed.forEach((entry, i) => expect(entry.prevHash).toBe(i === 0 ? GENESIS_HASH : listed[i - 1]!.hash));
    });

    it('appends with a dead-letter replay or discard only when the job was dead', async () => {
      const jobId = await deadJob();
      expect(await store.replayDeadLetter(jobId, at(5), event(5, { target: { type: 'dead-letter', id: jobId } }))).toBe(true);
      expect(await store.replayDeadLetter(jobId, at(6), event(6))).toBe(false);
      expect(await store.discardDeadLetter(jobId, at(7), 'no longer needed', event(7, { action: 'dead-letter.discard' }))).toBe(false);
      const entries = await store.listAudit(0, 10);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'dead-letter.replay', target: { id: jobId }, at: at(5) });

      const other = await deadJob('app-2');
      expect(await store.discardDeadLetter(other, at(8), 'no longer needed', event(8, { action: 'dead-letter.discard', reason: 'no longer needed' }))).toBe(true);
      expect((await store.listAudit(1, 10)).map((entry) => entry.action)).toEqual(['dead-letter.discard']);
      expect((await store.getJob(other))?.state).toBe('done');
    });

    it('appends with a revocation only when the certificate was revoked now', async () => {
      await store.createApplication(newApplication('app-1'));
      await store.saveCertificate(certificate);
      const revoke = event(5, { action: 'certificate.revoke', target: { type: 'certificate', id: 'cert-1' }, reason: 'issued in error' });
      expect(await store.revokeCertificate('cert-1', at(5), 'issued in error', revoke)).toBe(true);
      expect(await store.revokeCertificate('cert-1', at(6), 'again', { ...revoke, at: at(6) })).toBe(false);
      expect(await store.revokeCertificate('nope', at(6), 'again', { ...revoke, at: at(6) })).toBe(false);
      expect((await store.listAudit(0, 10)).map((entry) => entry.at)).toEqual([at(5)]);
    });

    it('appends with a delivery record, and not for an unknown application', async () => {
      await store.createApplication(newApplication('app-1'));
      const sent = event(5, { actor: { kind: 'system', id: 'runner', role: 'runner' }, action: 'delivery.sent', target: { type: 'delivery', id: 'tax:app-1:send' } });
      const delivery = { applicationId: 'app-1', system: 'tax', messageId: 'app-1:send', state: 'sent' as const, attempts: 1, lastError: null, updatedAt: at(5) };
      await store.upsertDelivery(delivery, sent);
      await expect(store.upsertDelivery({ ...delivery, applicationId: 'nope' }, sent)).rejects.toMatchObject({ code: 'application-not-found' });
      expect(await store.listAudit(0, 10)).toEqual([expect.objectContaining({ seq: 1, action: 'delivery.sent' })]);
    });

    it('refuses an event that is not one (free text as an id, an unknown action) and then changes nothing', async () => {
      await store.createApplication(newApplication('app-1'));
      await store.saveCertificate(certificate);
      const bad = event(5, { action: 'certificate.revoke', target: { type: 'certificate', id: '山田 太郎' } });
      await expect(store.revokeCertificate('cert-1', at(5), 'issued in error', bad)).rejects.toThrow(/target\.id/);
      await expect(store.appendAudit(event(5, { action: 'anything' }))).rejects.toThrow(/action/);
      await expect(store.appendAudit(event(5, { at: '2026-12-01T10:00:00+09:00' }))).rejects.toThrow(/^audit event: at:/);
      expect((await store.getCertificate('cert-1'))?.revokedAt).toBeNull();
      expect(await store.listAudit(0, 10)).toEqual([]);
    });

    describe('dead-letter actions waiting for a second person', () => {
      const SECOND = { kind: 'client', id: 'ops-second', role: 'staff' } as const;
      const request = (jobId: string, action: 'replay' | 'discard' = 'replay') => ({
        jobId,
        action,
        reason: action === 'discard' ? 'the resident withdrew' : null,
        requestedBy: OPERATOR,
        requestedAt: at(5),
      });

      it('keeps the request, moves nothing until someone else approves, then replays with both entries in the trail', async () => {
        const jobId = await deadJob();
        const requested = event(5, { action: 'dead-letter.replay-requested', target: { type: 'dead-letter', id: jobId } });
        expect(await store.requestDeadLetterAction(request(jobId), requested)).toBe('requested');
        expect(await store.requestDeadLetterAction({ ...request(jobId), requestedBy: SECOND }, requested)).toBe('already-requested');
        expect(await store.getDeadLetterRequest(jobId)).toEqual(request(jobId));
        expect((await store.getJob(jobId))?.state).toBe('dead');

        const approved = event(6, { actor: SECOND, action: 'dead-letter.replay', target: { type: 'dead-letter', id: jobId } });
        expect(await store.approveDeadLetterAction(request(jobId), OPERATOR, at(6), { ...approved, actor: OPERATOR })).toBe('same-actor');
        expect(await store.approveDeadLetterAction({ ...request(jobId), requestedAt: at(4) }, SECOND, at(6), approved)).toBe('no-request');
        expect((await store.getJob(jobId))?.state).toBe('dead');
        expect(await store.approveDeadLetterAction(request(jobId), SECOND, at(6), approved)).toBe('approved');
        expect(await store.getJob(jobId)).toMatchObject({ state: 'ready', attempts: 0, runAt: at(6) });
        expect(await store.getDeadLetterRequest(jobId)).toBeNull();
        expect(await store.approveDeadLetterAction(request(jobId), SECOND, at(7), approved)).toBe('no-request');
        expect((await store.listAudit(0, 10)).map((entry) => [entry.action, entry.actor.id])).toEqual([
          ['dead-letter.replay-requested', 'ops-console'],
          ['dead-letter.replay', 'ops-second'],
        ]);
      });

      it('discards with the requested reason once approved, and refuses a request for a job that is not dead', async () => {
        const jobId = await deadJob();
        const requested = event(5, { action: 'dead-letter.discard-requested', target: { type: 'dead-letter', id: jobId }, reason: 'the resident withdrew' });
        expect(await store.requestDeadLetterAction(request(jobId, 'discard'), requested)).toBe('requested');
        expect(await store.getDeadLetterRequest(jobId)).toEqual(request(jobId, 'discard'));
        const approved = event(6, { actor: SECOND, action: 'dead-letter.discard', target: { type: 'dead-letter', id: jobId }, reason: 'the resident withdrew' });
        expect(await store.approveDeadLetterAction(request(jobId, 'discard'), SECOND, at(6), approved)).toBe('approved');
        expect(await store.getJob(jobId)).toMatchObject({ state: 'done', lastError: 'discarded: the resident withdrew' });
        expect(await store.requestDeadLetterAction(request(jobId), requested)).toBe('not-dead');
        expect(await store.listDeadLetters(10)).toEqual([]);
        expect(await store.listAudit(0, 10)).toHaveLength(2);
      });
    });

    it('keeps one checkpoint per day', async () => {
      const checkpoint = { day: '2026-12-02', seq: 3, hash: 'c'.repeat(64), signedAt: at(100), signature: 'MIIB' };
      expect(await store.saveAuditCheckpoint(checkpoint)).toBe(true);
      expect(await store.saveAuditCheckpoint({ ...checkpoint, seq: 4 })).toBe(false);
      await store.saveAuditCheckpoint({ ...checkpoint, day: '2026-12-01', seq: 1 });
      expect(await store.listAuditCheckpoints()).toEqual([{ ...checkpoint, day: '2026-12-01', seq: 1 }, checkpoint]);
    });
  });
}
