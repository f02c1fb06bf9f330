import type { Config } from '../config.js';
import { ConfigurationError, NotFoundError } from '../errors.js';
import { createPickupScheduler, type PickupScheduler } from './convenience-store/pickup-scheduler.js';
import type { StoreNetworkClient } from './convenience-store/store-network.js';
import { chooseIssuanceStep, createConvenienceStoreStep, issueThrough } from './convenience-store/convenience-store-step.js';
import { createIssuance, type Issuance } from './issuance.js';
import type { IssuanceConfig } from './issuance-config.js';
import { renderCertificatePdf } from './render/render-certificate-pdf.js';
import { qrVerificationLink } from './verification-link.js';
import type { Logger } from '../logger.js';
import type { BuiltinStep } from '../runner/step-types.js';
import type { CertificateRecord, Store } from '../store/types.js';

/** Issuance as the gateway runs it: the `issue-certificate` built-in, the pickup scheduler, the PDF renderer. */
export interface IssuanceServices {
  issuance: Issuance;
  /** Electronic (and mail) issuance, or コンビニ交付 when the resident chose it. */
  issueCertificateStep: BuiltinStep;
  scheduler: PickupScheduler;
  pdf: (certificate: CertificateRecord) => Promise<Buffer>;
  pdfById: (certificateId: string) => Promise<Buffer>;
}

/**
 * Wires certificate issuance (configured, or the dev PKI's test city the
 * environment hands in) and convenience-store pickups through the store network's client.
 */
export async function createIssuanceServices(options: {
  config: Config;
  issuance: IssuanceConfig | undefined;
  client: StoreNetworkClient;
  store: Store;
  clock: () => Date;
  logger: Logger;
}): Promise<IssuanceServices> {
  const { config, client, store, clock, logger } = options;
  if (!options.issuance) throw new ConfigurationError("setting 'issuance': required (the city signing key and certificate)");
  const issuance = await createIssuance(options.issuance, { store, clock, logger: logger.child({ component: 'issuance' }) });
  const convenienceStoreStep = createConvenienceStoreStep({
    store,
    issue: issueThrough(issuance.issueCertificateStep),
    client,
    clock,
    pickupValidityDays: config.convenienceStore.pickupValidityDays,
    logger,
  });
  const pdf = (certificate: CertificateRecord) => {
    const document = JSON.parse(certificate.document) as { verification: { url: string } };
    return renderCertificatePdf(document, { documentHash: certificate.documentHash, verificationUrl: qrVerificationLink(document.verification.url, certificate.documentHash) });
  };
  return {
    issuance,
    issueCertificateStep: chooseIssuanceStep(issuance.issueCertificateStep, convenienceStoreStep),
    scheduler: createPickupScheduler({ store, client, clock, intervalMs: config.convenienceStore.schedulerIntervalMs, logger }),
    pdf,
    pdfById: async (certificateId) => {
      const certificate = await store.getCertificate(certificateId);
      if (!certificate) throw new NotFoundError('certificate-not-found', 'No certificate with this id.');
      return pdf(certificate);
    },
  };
}
