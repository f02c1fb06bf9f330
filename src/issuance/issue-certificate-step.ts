import { ConflictError } from '../errors.js';
import type { EraTable } from '../jp/era.js';
import type { Logger } from '../logger.js';
import type { BuiltinStep } from '../runner/step-types.js';
import type { Store } from '../store/types.js';
import type { CityIdentity } from './certificate-document.js';
import { certificateIdFor } from './certificate-id.js';
import { CertificateNotIssuable } from './compose/not-issuable.js';
import { issueCertificate } from './issue-certificate.js';
import type { CertificateSigner } from './sign/certificate-signer.js';

export interface IssueCertificateStepOptions {
  store: Store;
  signer: CertificateSigner;
  city: CityIdentity;
  clock: () => Date;
  verificationBaseUrl: string;
  logger: Logger;
  validityMonths?: number;
  eras?: EraTable;
}

/** The step's detail when a certificate was issued (or found issued by an earlier run). */
export const ISSUED_DETAIL = '証明書を発行しました / Certificate issued';

/**
 * The `issue-certificate` built-in: composes, signs and stores the
 * certificate, once per message id. A re-run (after a crash between saving
 * and recording the step) finds the certificate under the same derived id
 * and reports it again instead of issuing a second one. A certificate that
 * cannot be issued on its merits ends the application `rejected` with the
 * reason; everything else throws (ConfigurationError: dead letter).
 */
export function createIssueCertificateStep(options: IssueCertificateStepOptions): BuiltinStep {
  const { store, logger } = options;
  return async function issueCertificateStep(input) {
    const certificateId = certificateIdFor(input.messageId);
    const issued = { result: { certificateId }, status: 'issued' as const, detail: ISSUED_DETAIL };
    if (await store.getCertificate(certificateId)) return issued;

    let record;
    try {
      ({ record } = issueCertificate({
        application: input.application,
        procedure: input.procedure,
        results: input.results,
        messageId: input.messageId,
        issuedAt: options.clock(),
        city: options.city,
        signer: options.signer,
        verificationBaseUrl: options.verificationBaseUrl,
        ...(options.validityMonths === undefined ? {} : { validityMonths: options.validityMonths }),
        ...(options.eras === undefined ? {} : { eras: options.eras }),
      }));
    } catch (error) {
      if (!(error instanceof CertificateNotIssuable)) throw error;
      logger.info({ applicationId: input.application.id, procedureId: input.procedure.id }, 'certificate not issuable');
      return { result: { issued: false, reason: error.reason }, status: 'rejected', detail: error.reason };
    }
    try {
      await store.saveCertificate(record);
    } catch (error) {
      // Another run of this step saved it first: the certificate exists once, which is the point.
      if (!(error instanceof ConflictError && error.code === 'duplicate-certificate')) throw error;
      return issued;
    }
    logger.info({ applicationId: input.application.id, certificateId, type: record.type }, 'certificate issued');
    return issued;
  };
}
