import { createHash, timingSafeEqual, verify } from 'node:crypto';
import { CertificateCache, type ParsedCertificate } from '../pki/certificate.js';
import { createChainBuilder } from '../pki/chain.js';
import { parseSignedData, type ParsedSignerInfo } from '../pki/cms-parse.js';
import { DIGEST_ALGORITHMS } from '../pki/oids.js';
import { pemBlocksToDer } from '../pki/pem.js';
import type { AuditCheckpoint } from '../store/audit-types.js';
import { checkpointStatement } from './checkpoint-statement.js';

/** Checks a checkpoint's signature: null when it holds, otherwise why not (no personal data: there is none). */
export type CheckpointSignatureCheck = (checkpoint: AuditCheckpoint) => string | null;

function signerCertificateOf(signer: ParsedSignerInfo, certificates: ParsedCertificate[]): ParsedCertificate | undefined {
  const id = signer.signerIdentifier;
  return certificates.find((certificate) =>
    id.kind === 'issuer-and-serial' ? certificate.serialHex === id.serialHex && certificate.issuerDer.equals(id.issuerDer) : certificate.subjectKeyIdentifier?.equals(id.keyIdentifier) === true,
  );
}

/**
 * A check of the detached CMS signature over the checkpoint statement: the
 * signed digest matches the statement, the signature verifies with the
 * embedded signer certificate, and that certificate chains to one of
 * `trustAnchorsPem` (the city root) and was valid at the signing time.
 */
export function createCheckpointSignatureCheck(trustAnchorsPem: string[]): CheckpointSignatureCheck {
  const certificates = new CertificateCache();
  const chains = createChainBuilder({ trustAnchors: trustAnchorsPem.flatMap((pem) => pemBlocksToDer(pem)), intermediates: [], certificates });
  return (checkpoint) => {
    try {
      const cms = parseSignedData(Buffer.from(checkpoint.signature, 'base64'));
      const signer = cms.signers.length === 1 ? cms.signers[0]! : undefined;
      const attributes = signer?.signedAttributes;
      const digestName = signer ? DIGEST_ALGORITHMS.get(signer.digestAlgorithm) : undefined;
      if (!signer || !attributes?.messageDigest || !attributes.signingTime || !digestName || cms.hasContent) return 'the signature is not a detached CMS signature with one signer';
      const digest = createHash(digestName).update(checkpointStatement(checkpoint)).digest();
      if (digest.length !== attributes.messageDigest.length || !timingSafeEqual(digest, attributes.messageDigest)) return 'the signature was made over a different statement';
      const supplied = cms.certificates.map((der) => certificates.get(der));
      const signerCertificate = signerCertificateOf(signer, supplied);
      if (!signerCertificate) return 'the signature does not carry its signer certificate';
      if (!verify(digestName, attributes.signedBytes, signerCertificate.publicKey, signer.signature)) return 'the signature value does not verify';
      chains.build(signerCertificate, supplied, attributes.signingTime);
      return null;
    } catch (error) {
      return `the signature cannot be checked: ${error instanceof Error ? error.message : 'not CMS'}`;
    }
  };
}
