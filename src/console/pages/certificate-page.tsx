import type { CertificateRecord } from '../../store/types.js';
import { jstTime } from '../reviews/review-labels.js';
import { text, type Language } from '../texts.js';
import { Layout } from './layout.js';

/**
 * Revocation for administrators: find a certificate by its id, see its facts
 * (type, application, issue and revocation; never the document, which holds
 * personal data), and revoke it with a reason.
 */
export function CertificatePage(props: { language: Language; certificate: CertificateRecord | null; csrfToken: string }) {
  const { language, certificate } = props;
  return (
    <Layout language={language} title={text('certificateRevocation', language)} back={certificate ? `/console/certificates?id=${encodeURIComponent(certificate.id)}` : '/console/certificates'}>
      <h1>{text('certificateRevocation', language)}</h1>
      <form method="get" action="/console/certificates" class="filters">
        <label>
          {text('certificateIdLabel', language)}
          <input type="text" name="id" required maxlength={128} value={certificate?.id ?? ''} />
        </label>
        <button type="submit">{text('findCertificate', language)}</button>
      </form>
      {certificate ? (
        <>
          <dl id="certificate" data-certificate={certificate.id}>
            <dt>{text('certificateIdLabel', language)}</dt>
            <dd>{certificate.id}</dd>
            <dt>{text('certificateType', language)}</dt>
            <dd>{certificate.type}</dd>
            <dt>{text('applicationId', language)}</dt>
            <dd>{certificate.applicationId}</dd>
            <dt>{text('certificateIssued', language)}</dt>
            <dd>{jstTime(certificate.issuedAt)}</dd>
            <dt>{text('status', language)}</dt>
            <dd id="certificate-state" data-revoked={certificate.revokedAt ? 'yes' : 'no'}>
              {certificate.revokedAt ? `${text('certificateRevoked', language)} ${jstTime(certificate.revokedAt)} · ${certificate.revocationReason ?? ''}` : text('certificateValid', language)}
            </dd>
          </dl>
          {certificate.revokedAt ? null : (
            <form method="post" action={`/console/certificates/${encodeURIComponent(certificate.id)}/revoke`} class="decision" id="revoke">
              <input type="hidden" name="csrf" value={props.csrfToken} />
              <label>
                {text('revocationReasonLabel', language)}
                <textarea name="reason" required maxlength={500} rows={3} />
              </label>
              <button type="submit">{text('revoke', language)}</button>
            </form>
          )}
        </>
      ) : null}
      <p>
        <a href="/console">{text('backToConsole', language)}</a>
      </p>
    </Layout>
  );
}
