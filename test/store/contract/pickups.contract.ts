import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import { type PickupRecord } from '../../../src/store/types.js';
import { at, newApplication } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

/** Convenience-store pickups and their state rules (`src/store/pickup-transitions.ts`). */
export function describePickupContract(open: OpenStore): void {
  describe('pickups', () => {
    const store = freshStorePerTest(open);

    const pending = (certificateId: string, notBefore: string, applicationId = 'app-1'): PickupRecord => ({
      code: null,
      certificateId,
      applicationId,
      requestId: `${applicationId}:issue-certificate`,
      certificateType: 'juminhyo-copy',
      copies: 2,
      fee: 600,
      expiresAt: at(7 * 86_400),
      status: 'pending',
      notBefore,
      fetchedAt: null,
      createdAt: at(0),
      updatedAt: at(0),
    });
    const requested = (certificateId: string, code: string, expiresAt = at(86_400)): PickupRecord => ({
      ...pending(certificateId, at(0)),
      code,
      status: 'requested',
      expiresAt,
      updatedAt: at(5),
    });

    beforeEach(async () => {
      await store().createApplication(newApplication('app-1'));
    });

    it('saves a requested pickup and finds it by code and by certificate', async () => {
      const pickup = requested('cert-1', '123456789012');
      expect(await store().savePickup(pickup)).toEqual(pickup);
      expect(await store().getPickup('123456789012')).toEqual(pickup);
      expect(await store().getPickupByCertificate('cert-1')).toEqual(pickup);
      expect(await store().getPickup('000000000000')).toBeNull();
      expect(await store().getPickupByCertificate('nope')).toBeNull();
    });

    it('completes a pending pickup with its code, keeping when it was created', async () => {
      await store().savePickup({ ...pending('cert-1', at(100)), createdAt: at(1) });
      expect(await store().getPickup('123456789012')).toBeNull();
      const saved = await store().savePickup({ ...requested('cert-1', '123456789012'), createdAt: at(50) });
      expect(saved).toMatchObject({ status: 'requested', code: '123456789012', createdAt: at(1) });
      expect(await store().getPickup('123456789012')).toEqual(saved);
      expect(await store().listPickupsDue(at(1_000), 10)).toEqual([]);
    });

    it('never overwrites a pickup that went past pending, and answers what is stored', async () => {
      await store().savePickup(requested('cert-1', '123456789012'));
      expect(await store().markPickupFetched('123456789012', at(10))).toBe('ok');
      // A second scheduler that sent the same request late must not make the document fetchable again.
      const late = await store().savePickup(requested('cert-1', '123456789012'));
      expect(late).toMatchObject({ status: 'fetched', fetchedAt: at(10) });
      expect(await store().markPickupFetched('123456789012', at(11))).toBe('already-fetched');
      expect(await store().savePickup(pending('cert-1', at(0)))).toMatchObject({ status: 'fetched' });
    });

    it('refuses a code that belongs to another certificate, an unknown application, and impossible states', async () => {
      await store().savePickup(requested('cert-1', '123456789012'));
      const error = await store().savePickup(requested('cert-2', '123456789012')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe('duplicate-pickup-code');
      expect((error as ConflictError).message).not.toContain('123456789012');
      expect(await store().getPickupByCertificate('cert-2')).toBeNull();
      await expect(store().savePickup(pending('cert-9', at(0), 'nope'))).rejects.toBeInstanceOf(NotFoundError);
      await expect(store().savePickup({ ...pending('cert-3', at(0)), code: '1' })).rejects.toBeInstanceOf(RangeError);
      await expect(store().savePickup({ ...requested('cert-3', '1'), status: 'fetched' })).rejects.toBeInstanceOf(RangeError);
      await expect(store().savePickup({ ...requested('cert-3', '1'), code: null })).rejects.toBeInstanceOf(RangeError);
    });

    it('hands the document out once, and only before expiry', async () => {
      await store().savePickup(requested('cert-1', '111111111111', at(100)));
      await store().savePickup(requested('cert-2', '222222222222', at(100)));
      expect(await store().markPickupFetched('999999999999', at(1))).toBe('unknown');
      expect(await store().markPickupFetched('111111111111', at(100))).toBe('expired');
      expect(await store().getPickup('111111111111')).toMatchObject({ status: 'requested', fetchedAt: null });
      expect(await store().markPickupFetched('222222222222', at(99))).toBe('ok');
      expect(await store().getPickup('222222222222')).toMatchObject({ status: 'fetched', fetchedAt: at(99), updatedAt: at(99) });
      expect(await store().markPickupFetched('222222222222', at(99))).toBe('already-fetched');
    });

    it('lets exactly one of 20 concurrent fetches of one code succeed', async () => {
      await store().savePickup(requested('cert-1', '123456789012'));
      const answers = await Promise.all(Array.from({ length: 20 }, () => store().markPickupFetched('123456789012', at(10))));
      expect(answers.filter((answer) => answer === 'ok')).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'already-fetched')).toHaveLength(19);
    });

    it('finds a code by its pickup number, and refuses a second code with the same number', async () => {
      const pickup = await store().savePickup(requested('cert-1', '123456789012'));
      expect(await store().findPickupByNumber('12345678')).toEqual(pickup);
      expect(await store().findPickupByNumber('12345679')).toBeNull();
      const error = await store().savePickup(requested('cert-2', '123456780000')).catch((e: unknown) => e);
      expect((error as ConflictError).code).toBe('duplicate-pickup-code');
      expect(await store().getPickupByCertificate('cert-2')).toBeNull();
    });

    it('counts wrong check parts and locks the code for good at the limit; a locked code is never handed out', async () => {
      await store().savePickup(requested('cert-1', '123456789012'));
      expect(await store().getPickupLock('cert-1')).toEqual({ wrongCheckParts: 0, lockedAt: null });
      for (let i = 1; i < 5; i += 1) expect(await store().recordWrongCheckPart('cert-1', at(i), 5)).toEqual({ wrongCheckParts: i, lockedAt: null });
      expect(await store().recordWrongCheckPart('cert-1', at(5), 5)).toEqual({ wrongCheckParts: 5, lockedAt: at(5) });
      expect(await store().recordWrongCheckPart('cert-1', at(6), 5)).toEqual({ wrongCheckParts: 6, lockedAt: at(5) });
      expect(await store().getPickupLock('cert-1')).toEqual({ wrongCheckParts: 6, lockedAt: at(5) });
      expect(await store().markPickupFetched('123456789012', at(7))).toBe('locked');
      expect(await store().getPickup('123456789012')).toMatchObject({ status: 'requested', fetchedAt: null });
    });

    it('counts 20 concurrent wrong check parts one by one, and nothing for an unknown certificate', async () => {
      await store().savePickup(requested('cert-1', '123456789012'));
      const tallies = await Promise.all(Array.from({ length: 20 }, (_, i) => store().recordWrongCheckPart('cert-1', at(i), 5)));
      expect(tallies.map((tally) => tally.wrongCheckParts).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await store().getPickupLock('cert-1')).lockedAt).not.toBeNull();
      expect(await store().recordWrongCheckPart('nope', at(1), 5)).toEqual({ wrongCheckParts: 0, lockedAt: null });
      expect(await store().getPickupLock('nope')).toEqual({ wrongCheckParts: 0, lockedAt: null });
    });

    it('records printed after a fetch and expired before printing; both are final', async () => {
      await store().savePickup(requested('cert-1', '111111111111'));
      await store().savePickup(requested('cert-2', '222222222222'));
      expect(await store().updatePickupStatus('111111111111', 'printed', at(20))).toBe('not-fetched');
      await store().markPickupFetched('111111111111', at(21));
      expect(await store().updatePickupStatus('111111111111', 'printed', at(22))).toBe('updated');
      expect(await store().getPickup('111111111111')).toMatchObject({ status: 'printed', updatedAt: at(22), fetchedAt: at(21) });
      expect(await store().updatePickupStatus('111111111111', 'printed', at(23))).toBe('unchanged');
      expect(await store().updatePickupStatus('111111111111', 'expired', at(24))).toBe('unchanged');
      expect(await store().updatePickupStatus('222222222222', 'expired', at(25))).toBe('updated');
      expect(await store().markPickupFetched('222222222222', at(26))).toBe('expired');
      expect(await store().updatePickupStatus('222222222222', 'expired', at(27))).toBe('unchanged');
      expect(await store().updatePickupStatus('999999999999', 'printed', at(27))).toBe('unknown');
    });

    it('lists pending pickups that are due, by notBefore then certificate, up to the limit', async () => {
      await store().savePickup(pending('cert-c', at(200)));
      await store().savePickup(pending('cert-b', at(100)));
      await store().savePickup(pending('cert-a', at(100)));
      await store().savePickup(pending('cert-later', at(10_000)));
      await store().savePickup(requested('cert-sent', '123456789012'));
      expect((await store().listPickupsDue(at(200), 10)).map((p) => p.certificateId)).toEqual(['cert-a', 'cert-b', 'cert-c']);
      expect((await store().listPickupsDue(at(150), 10)).map((p) => p.certificateId)).toEqual(['cert-a', 'cert-b']);
      expect((await store().listPickupsDue(at(200), 1)).map((p) => p.certificateId)).toEqual(['cert-a']);
      expect(await store().listPickupsDue(at(200), 0)).toEqual([]);
      await store().savePickup(pending('cert-a', at(5_000)));
      expect((await store().listPickupsDue(at(200), 10)).map((p) => p.certificateId)).toEqual(['cert-b', 'cert-c']);
    });

    it('treats codes and certificate ids as opaque strings', async () => {
      expect(await store().getPickup('__proto__')).toBeNull();
      expect(await store().markPickupFetched('constructor', at(1))).toBe('unknown');
      const odd = requested('cert:"x"\u0001', 'code with spaces/../');
      await store().savePickup(odd);
      expect(await store().getPickup('code with spaces/../')).toEqual(odd);
    });

    it('returns pickup copies', async () => {
      await store().savePickup(requested('cert-1', '123456789012'));
      const read = await store().getPickup('123456789012');
      if (read) read.status = 'printed';
      expect((await store().getPickup('123456789012'))?.status).toBe('requested');
    });
  });
}
