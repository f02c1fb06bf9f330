import type { AuditEvent } from '../audit-types.js';
import type { CertificateRecord, CertificateStore } from '../parts/certificate-store.js';
import { applicationNotFound, duplicateRecord } from '../store-errors.js';
import { certificateFromHash, certificateToPairs, compareBytes } from './hash-records.js';
import { revokeCertificateScript, saveCertificateScript } from './record-scripts.js';
import type { RedisContext } from './redis-context.js';

/** Certificates in Redis: `certificate:<id>` hashes and each application's set of certificate ids. */
export class RedisCertificateStore implements CertificateStore {
  constructor(private readonly context: RedisContext) {}

  async saveCertificate(certificate: CertificateRecord): Promise<void> {
    const saved = await this.context.run(saveCertificateScript, [certificate.id, certificate.applicationId, ...certificateToPairs(certificate)]);
    if (saved === 'application-not-found') throw applicationNotFound(certificate.applicationId);
    if (saved === 'duplicate-certificate') throw duplicateRecord('certificate', certificate.id);
  }

  async getCertificate(id: string): Promise<CertificateRecord | null> {
    const hash = await this.context.redis.hgetall(this.context.keys.certificate(id));
    return hash.id === undefined ? null : certificateFromHash(hash);
  }

  async listCertificates(applicationId: string): Promise<CertificateRecord[]> {
    const { redis, keys } = this.context;
    const ids = await redis.smembers(keys.applicationCertificates(applicationId));
    const certificates = (await this.context.readHashes(ids.map((id) => keys.certificate(id)))).map(certificateFromHash);
    return certificates.sort((a, b) => compareBytes(a.issuedAt, b.issuedAt) || compareBytes(a.id, b.id));
  }

  async revokeCertificate(id: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return (await this.context.runAudited(revokeCertificateScript, [id, now, reason], audit)).result === 1;
  }
}
