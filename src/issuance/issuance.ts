import type { EraTable } from '../jp/era.js';
import type { Logger } from '../logger.js';
import type { BuiltinStep } from '../runner/step-types.js';
import type { Store } from '../store/types.js';
import type { CityIdentity } from './certificate-document.js';
import type { IssuanceConfig } from './issuance-config.js';
import { createIssueCertificateStep } from './issue-certificate-step.js';
import { loadCertificateSigner, loadTrustAnchors, type CertificateSigner } from './sign/certificate-signer.js';
import { createCertificateVerifier, type CertificateVerifier } from './verify/certificate-verifier.js';

/** Electronic issuance wired from its configuration: what the runner and the HTTP routes take. */
export interface Issuance {
  city: CityIdentity;
  signer: CertificateSigner;
  /** The `issue-certificate` built-in for the route runner. */
  issueCertificateStep: BuiltinStep;
  /** For `registerVerificationRoutes`. */
  verifier: CertificateVerifier;
  /** For `registerCertificateRoutes`: the signer certificate and its chain, PEM. */
  chainPem: readonly string[];
}

/**
 * Reads and checks the signer and trust anchor files (ConfigurationError
 * naming the file) and builds the step and the verifier. Called once at boot.
 */
export async function createIssuance(config: IssuanceConfig, deps: { store: Store; clock: () => Date; logger: Logger; eras?: EraTable }): Promise<Issuance> {
  const [signer, trustAnchors] = await Promise.all([loadCertificateSigner(config.signer), loadTrustAnchors(config.trustAnchorFile)]);
  const city: CityIdentity = { ...config.city, testDocuments: config.testDocuments };
  return {
    city,
    signer,
    chainPem: signer.chainPem,
    issueCertificateStep: createIssueCertificateStep({
      store: deps.store,
      signer,
      city,
      clock: deps.clock,
      verificationBaseUrl: config.verificationBaseUrl,
      logger: deps.logger,
      validityMonths: config.validityMonths,
      ...(deps.eras ? { eras: deps.eras } : {}),
    }),
    verifier: createCertificateVerifier({ trustAnchors, store: deps.store, clock: deps.clock }),
  };
}
