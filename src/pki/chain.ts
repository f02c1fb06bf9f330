import { verify } from 'node:crypto';
import type { CertificateCache, ParsedCertificate } from './certificate.js';
import { signatureError } from './errors.js';
import { RSA_SIGNATURE_ALGORITHMS } from './oids.js';

const MAX_CHAIN_LENGTH = 6;

/** true when `issuer`'s key made `certificate`'s signature (RSA PKCS#1 v1.5 via node:crypto). */
function isSignedBy(certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const digest = RSA_SIGNATURE_ALGORITHMS.get(certificate.signatureAlgorithm);
  if (!digest || issuer.rsaModulusBits === null) return false;
  try {
    return verify(digest, certificate.tbs, issuer.publicKey, certificate.signatureValue);
  } catch {
    return false;
  }
}

/** Builds certification paths from a leaf to a configured trust anchor. */
export interface ChainBuilder {
  /**
   * The path leaf → … → trust anchor, checked for signatures, CA flags and
   * validity at `at`. Throws SignatureError `signature-untrusted`,
   * `signature-certificate-expired` or `signature-certificate-not-yet-valid`.
   */
  build(leaf: ParsedCertificate, supplied: ParsedCertificate[], at: Date): ParsedCertificate[];
}

/**
 * Paths are cached per leaf: the anchors and intermediates are fixed at
 * construction and each cached path had its signatures checked once, so only
 * the validity dates are re-checked per call.
 */
export function createChainBuilder(options: { trustAnchors: Buffer[]; intermediates: Buffer[]; certificates: CertificateCache }): ChainBuilder {
  const anchors = options.trustAnchors.map((der) => options.certificates.get(der));
  const anchorFingerprints = new Set(anchors.map((anchor) => anchor.fingerprint));
  const intermediates = options.intermediates.map((der) => options.certificates.get(der));
  const paths = new Map<string, ParsedCertificate[]>();

  const canIssue = (candidate: ParsedCertificate): boolean =>
    candidate.isCa && (candidate.keyUsage === null || candidate.keyUsage.has('keyCertSign'));

  function findPath(leaf: ParsedCertificate, supplied: ParsedCertificate[]): ParsedCertificate[] | null {
    const path = [leaf];
    let current = leaf;
    while (path.length <= MAX_CHAIN_LENGTH) {
      if (anchorFingerprints.has(current.fingerprint)) return path;
      const anchor = anchors.find((candidate) => candidate.subjectDer.equals(current.issuerDer) && isSignedBy(current, candidate));
      if (anchor) return [...path, anchor];
      const next = [...intermediates, ...supplied].find(
        (candidate) =>
          candidate !== current &&
          !path.includes(candidate) &&
          candidate.subjectDer.equals(current.issuerDer) &&
          canIssue(candidate) &&
          isSignedBy(current, candidate),
      );
      if (!next) return null;
      path.push(next);
      current = next;
    }
    return null;
  }

  return {
    build(leaf, supplied, at) {
      let path = paths.get(leaf.fingerprint);
      if (!path) {
        const found = findPath(leaf, supplied);
        if (!found) throw signatureError('signature-untrusted', 'The signer certificate does not chain to a trusted root.');
        path = found;
        if (paths.size >= 10_000) paths.delete(paths.keys().next().value as string);
        paths.set(leaf.fingerprint, path);
      }
      for (const [position, certificate] of path.entries()) {
        const which = position === 0 ? 'The signer certificate' : 'An issuing CA certificate';
        if (at < certificate.notBefore) {
          throw signatureError('signature-certificate-not-yet-valid', `${which} was not yet valid at the signing time (valid from ${certificate.notBefore.toISOString()}).`);
        }
        if (at > certificate.notAfter) {
          throw signatureError('signature-certificate-expired', `${which} had expired at the signing time (valid until ${certificate.notAfter.toISOString()}).`);
        }
      }
      return path;
    },
  };
}
