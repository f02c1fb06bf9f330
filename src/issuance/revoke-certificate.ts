import type { AuditActor, AuditEvent, CertificateRecord, Store } from '../store/types.js';

/**
 * Revokes a certificate with a reason, shared by the API and the console:
 * the revocation and its audit entry `certificate.revoke` in one
 * transaction, then an entry in the application's timeline. False (and
 * nothing written) when it was revoked already.
 */
export async function revokeCertificate(store: Store, certificate: CertificateRecord, reason: string, actor: AuditActor, now: string): Promise<boolean> {
  const audit: AuditEvent = { at: now, actor, action: 'certificate.revoke', target: { type: 'certificate', id: certificate.id }, reason };
  if (!(await store.revokeCertificate(certificate.id, now, reason, audit))) return false;
  const application = await store.getApplication(certificate.applicationId);
  if (application) {
    await store.appendTimeline(application.id, {
      status: application.status,
      at: now,
      source: `staff:${actor.id}`,
      detail: `証明書 ${certificate.id} を失効させました / Certificate ${certificate.id} revoked`,
    });
  }
  return true;
}
