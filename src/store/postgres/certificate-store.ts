import type { AuditEvent } from '../audit-types.js';
import type { CertificateRecord, CertificateStore } from '../parts/certificate-store.js';
import { toCertificate, type CertificateRow } from '../rows.js';
import { duplicateRecord } from '../store-errors.js';
import { requireApplication } from './application-writes.js';
import { audited } from './audit-rows.js';
import type { PostgresContext } from './postgres-context.js';

/**
 * Certificates in PostgreSQL: table `certificates`. A duplicate id is found by
 * `ON CONFLICT DO NOTHING`, so two processes saving one id at once give one
 * row and one `duplicate-certificate`; a revocation is one conditional UPDATE
 * (the row lock makes a concurrent second one see `revoked_at` set) with its
 * audit entry in the same transaction.
 */
export class PostgresCertificateStore implements CertificateStore {
  constructor(private readonly context: PostgresContext) {}

  saveCertificate(certificate: CertificateRecord): Promise<void> {
    return this.context.transaction(async (tx) => {
      await requireApplication(tx, certificate.applicationId);
      const inserted = await tx`
        INSERT INTO certificates (id, application_id, type, document, document_hash, signature, issued_at, revoked_at, revocation_reason)
        VALUES (${certificate.id}, ${certificate.applicationId}, ${certificate.type}, ${certificate.document}, ${certificate.documentHash},
          ${certificate.signature}, ${certificate.issuedAt}, ${certificate.revokedAt}, ${certificate.revocationReason})
        ON CONFLICT (id) DO NOTHING`;
      if (inserted.count === 0) throw duplicateRecord('certificate', certificate.id);
    });
  }

  async getCertificate(id: string): Promise<CertificateRecord | null> {
    const [row] = await this.context.sql<CertificateRow[]>`SELECT * FROM certificates WHERE id = ${id}`;
    return row ? toCertificate(row) : null;
  }

  async listCertificates(applicationId: string): Promise<CertificateRecord[]> {
    const rows = await this.context.sql<CertificateRow[]>`SELECT * FROM certificates WHERE application_id = ${applicationId} ORDER BY issued_at, id`;
    return rows.map(toCertificate);
  }

  revokeCertificate(id: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return this.context.transaction(async (tx) => {
      const revoked = await tx`UPDATE certificates SET revoked_at = ${now}, revocation_reason = ${reason} WHERE id = ${id} AND revoked_at IS NULL`;
      return audited(tx, revoked.count === 1, audit);
    });
  }
}
