import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import { at, newApplication } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

/** Signed certificates. */
export function describeCertificateContract(open: OpenStore): void {
  describe('certificates', () => {
    const store = freshStorePerTest(open);

    const certificate = (id: string, issuedAt: string) => ({
      id,
      applicationId: 'app-1',
      type: 'juminhyo-copy',
      document: '{"name":"𠮷田 太郎","items":["本籍"]}',
      documentHash: 'b'.repeat(64),
      signature: 'MIIB',
      issuedAt,
      revokedAt: null,
      revocationReason: null,
    });

    it('saves, reads and lists certificates', async () => {
      await store().createApplication(newApplication('app-1'));
      await store().saveCertificate(certificate('cert-2', at(20)));
      await store().saveCertificate(certificate('cert-1', at(10)));
      expect(await store().getCertificate('cert-1')).toEqual(certificate('cert-1', at(10)));
      expect(await store().getCertificate('nope')).toBeNull();
      expect((await store().listCertificates('app-1')).map((c) => c.id)).toEqual(['cert-1', 'cert-2']);
    });

    it('refuses a duplicate certificate id and one for an unknown application', async () => {
      await store().createApplication(newApplication('app-1'));
      await store().saveCertificate(certificate('cert-1', at(10)));
      const error = await store().saveCertificate({ ...certificate('cert-1', at(11)), type: 'other' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((await store().getCertificate('cert-1'))?.type).toBe('juminhyo-copy');
      await expect(store().saveCertificate({ ...certificate('cert-9', at(1)), applicationId: 'nope' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('revokes once with a reason', async () => {
      await store().createApplication(newApplication('app-1'));
      await store().saveCertificate(certificate('cert-1', at(10)));
      expect(await store().revokeCertificate('cert-1', at(30), 'issued in error')).toBe(true);
      expect(await store().getCertificate('cert-1')).toMatchObject({ revokedAt: at(30), revocationReason: 'issued in error' });
      expect(await store().revokeCertificate('cert-1', at(31), 'again')).toBe(false);
      expect((await store().getCertificate('cert-1'))?.revokedAt).toBe(at(30));
      expect(await store().revokeCertificate('nope', at(31), 'x')).toBe(false);
    });

    it('returns certificate copies', async () => {
      await store().createApplication(newApplication('app-1'));
      await store().saveCertificate(certificate('cert-1', at(10)));
      const read = await store().getCertificate('cert-1');
      if (read) read.revokedAt = at(99);
      expect((await store().getCertificate('cert-1'))?.revokedAt).toBeNull();
    });
  });
}
