import { createConvenienceStoreClient } from '../../adapters/convenience-store/index.js';
import type { Config } from '../config.js';
import type { DevEnvironment } from '../dev/dev-environment.js';
import { ConfigurationError, NotFoundError } from '../errors.js';
import { createPickupScheduler, type PickupScheduler } from '../issuance/convenience-store/pickup-scheduler.js';
import { chooseIssuanceStep, createConvenienceStoreStep, issueThrough } from '../issuance/convenience-store/convenience-store-step.js';
import { createIssuance, type Issuance } from '../issuance/issuance.js';
import { renderCertificatePdf } from '../issuance/render/render-certificate-pdf.js';
import { qrVerificationLink } from '../issuance/verification-link.js';
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

/** Wires certificate issuance and convenience-store pickups from configuration (or the dev environment). */
export async function createIssuanceServices(options: { config: Config; dev: DevEnvironment; store: Store; clock: () => Date; logger: Logger }): Promise<IssuanceServices> {
  const { config, dev, store, clock, logger } = options;
  const issuanceConfig = config.issuance ?? dev.issuance;
  if (!issuanceConfig) throw new ConfigurationError("setting 'issuance': required (the city signing key and certificate)");
  const issuance = await createIssuance(issuanceConfig, { store, clock, logger: logger.child({ component: 'issuance' }) });
  const network = dev.convenienceStore;
  if (!network.baseUrl || !network.apiKey) throw new ConfigurationError("setting 'convenienceStore.baseUrl': required, with apiKey, when the simulators are off");
  const client = createConvenienceStoreClient({ baseUrl: network.baseUrl, apiKey: network.apiKey, timeoutMs: config.convenienceStore.timeoutMs, logger });
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
