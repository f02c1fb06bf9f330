import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DevPki } from '../pki/dev-pki/ensure-dev-pki.js';
import { createSignatureVerifier, type SignatureVerifier } from '../pki/verify-signature.js';
import type { SubmissionCheck } from './check.js';
import { createIdentityCheck } from './identity-check.js';
import { createPaymentCheck, type PaymentProvider } from './payment-check.js';

function readPem(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read ${setting} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
}

/** The intake's evidence checks, and whether the signature check can decide revocation yet. */
export interface EvidenceChecks {
  checks: SubmissionCheck[];
  isRevocationCurrent: () => boolean;
  /** The JPKI verifier the identity check uses; prefill authenticates residents with it too. */
  verifier: SignatureVerifier;
}

/** The verifier of residents' JPKI signatures: trust from configuration, or the dev PKI. */
export function createResidentSignatureVerifier(options: { config: Config; devPki: DevPki | undefined; clock: () => Date; logger: Logger }): SignatureVerifier {
  const { config, devPki, clock, logger } = options;
  return createSignatureVerifier({
    trustAnchors: devPki?.trustAnchors ?? config.pki.trustAnchorFiles.map((file) => readPem(file, 'pki.trustAnchorFiles')),
    intermediates: devPki?.intermediates ?? config.pki.intermediateFiles.map((file) => readPem(file, 'pki.intermediateFiles')),
    crlSources: devPki ? [{ kind: 'file', path: devPki.crlPath }] : config.pki.crlSources,
    freshness: config.pki.freshness,
    clock,
    logger,
  });
}

/**
 * The intake's evidence checks, in order: the JPKI signature (trust from
 * configuration, or the dev PKI), then the fee payment, asked of the payment
 * providers the gateway hands in (the intake makes no clients of its own).
 */
export function createEvidenceChecks(options: {
  config: Config;
  devPki: DevPki | undefined;
  /** The port to the payment providers, by the name submissions use in `payment.provider`. */
  payments: Record<string, PaymentProvider>;
  clock: () => Date;
  logger: Logger;
}): EvidenceChecks {
  const verifier = createResidentSignatureVerifier(options);
  // Loading starts now, so the CRLs are usually in before the first probe asks.
  verifier.isRevocationCurrent();
  return {
    checks: [createIdentityCheck({ verifier }), createPaymentCheck({ providers: options.payments, clock: options.clock })],
    isRevocationCurrent: () => verifier.isRevocationCurrent(),
    verifier,
  };
}
