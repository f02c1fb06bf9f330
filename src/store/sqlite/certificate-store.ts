import type { AuditEvent } from '../audit-types.js';
import type { CertificateRecord, CertificateStore } from '../parts/certificate-store.js';
import { duplicateRecord } from '../store-errors.js';
import { requireApplication } from './application-writes.js';
import { audited } from './audit-rows.js';
import { prepared } from './prepared.js';
import { toCertificate, type CertificateRow } from '../rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Certificates in SQLite: table `certificates`. */
export class SqliteCertificateStore implements CertificateStore {
  constructor(private readonly context: SqliteContext) {}

  saveCertificate(certificate: CertificateRecord): Promise<void> {
    return this.context.write((db) => {
      requireApplication(db, certificate.applicationId);
      if (prepared(db, 'SELECT 1 FROM certificates WHERE id = ?').get(certificate.id)) throw duplicateRecord('certificate', certificate.id);
      prepared(
        db,
        `INSERT INTO certificates (id, application_id, type, document, document_hash, signature, issued_at, revoked_at, revocation_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        certificate.id,
        certificate.applicationId,
        certificate.type,
        certificate.document,
        certificate.documentHash,
        certificate.signature,
        certificate.issuedAt,
        certificate.revokedAt,
        certificate.revocationReason,
      );
    });
  }

  async getCertificate(id: string): Promise<CertificateRecord | null> {
    const row = prepared(this.context.db, 'SELECT * FROM certificates WHERE id = ?').get(id) as CertificateRow | undefined;
    return row ? toCertificate(row) : null;
  }

  async listCertificates(applicationId: string): Promise<CertificateRecord[]> {
    const rows = prepared(this.context.db, 'SELECT * FROM certificates WHERE application_id = ? ORDER BY issued_at, id').all(applicationId) as CertificateRow[];
    return rows.map(toCertificate);
  }

  revokeCertificate(id: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return this.context.write((db) =>
      audited(
        db,
        prepared(db, 'UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE id = ? AND revoked_at IS NULL').run(now, reason, id).changes === 1,
        audit,
      ),
    );
  }
}
