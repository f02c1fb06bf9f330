import type { ApplicationFacts } from '../reviews/application-facts.js';
import { jstTime } from '../reviews/review-labels.js';
import { text, type Language } from '../texts.js';

const yen = (amount: number, currency: string) => (currency === 'JPY' ? `${amount.toLocaleString('ja-JP')}円` : `${amount} ${currency}`);

/** The signature's facts, the fee, the deliveries per system and the certificates of one application (each value escaped by hono/jsx). */
export function ApplicationFactsSections(props: { language: Language; facts: ApplicationFacts }) {
  const { language, facts } = props;
  return (
    <>
      <h2>{text('signature', language)}</h2>
      <div id="signature">
        {facts.signer ? (
          <dl>
            <dt>{text('name', language)}</dt>
            <dd>{facts.signer.name}</dd>
            <dt>{text('signerAddress', language)}</dt>
            <dd>{facts.signer.address}</dd>
            {facts.signer.signingTime ? (
              <>
                <dt>{text('signingTime', language)}</dt>
                <dd>{jstTime(facts.signer.signingTime)}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p>{text('noSignature', language)}</p>
        )}
      </div>

      <h2>{text('payment', language)}</h2>
      <div id="payment">
        {facts.payment ? (
          <dl>
            <dt>{text('amount', language)}</dt>
            <dd>{yen(facts.payment.amount, facts.payment.currency)}</dd>
            <dt>{text('paymentState', language)}</dt>
            <dd data-state={facts.payment.state}>
              {text(`payment_${facts.payment.state}`, language)}
              {facts.payment.capturedAt ? `（${jstTime(facts.payment.capturedAt)}）` : ''}
            </dd>
          </dl>
        ) : (
          <p>{text('noPayment', language)}</p>
        )}
      </div>

      <h2>{text('deliveries', language)}</h2>
      <div id="deliveries">
        {facts.deliveries.length === 0 ? (
          <p>{text('noDeliveries', language)}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{text('system', language)}</th>
                <th>{text('deliveryState', language)}</th>
                <th>{text('attempts', language)}</th>
                <th>{text('updated', language)}</th>
              </tr>
            </thead>
            <tbody>
              {facts.deliveries.map((delivery) => (
                <tr data-system={delivery.system} data-state={delivery.state}>
                  <td>{delivery.system}</td>
                  <td>{text(`delivery_${delivery.state}`, language)}</td>
                  <td>{String(delivery.attempts)}</td>
                  <td>{jstTime(delivery.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <h2>{text('certificates', language)}</h2>
      <div id="certificates">
        {facts.certificates.length === 0 ? (
          <p>{text('noCertificates', language)}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{text('certificateId', language)}</th>
                <th>{text('certificateState', language)}</th>
                <th>{text('issuedAt', language)}</th>
              </tr>
            </thead>
            <tbody>
              {facts.certificates.map((certificate) => (
                <tr data-certificate={certificate.id}>
                  <td class="request-id">{certificate.id}</td>
                  <td>{text(certificate.revoked ? 'certificate_revoked' : 'certificate_valid', language)}</td>
                  <td>{jstTime(certificate.issuedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
