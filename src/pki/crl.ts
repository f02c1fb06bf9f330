import { verify } from 'node:crypto';
import type { ParsedCertificate } from './certificate.js';
import {
  childrenOf,
  contentOf,
  DerError,
  encodingOf,
  expectTag,
  readIntegerHex,
  readOid,
  readRoot,
  readTime,
  TAG,
  type DerNode,
} from './der-reader.js';
import { CRL_REASONS } from './crl-reasons.js';
import { OID, RSA_SIGNATURE_ALGORITHMS } from './oids.js';

/** One revoked serial number. */
export interface RevocationEntry {
  revokedAt: Date;
  /** RFC 5280 reason name, e.g. `affiliationChanged`; `unspecified` when the CRL gives none. */
  reason: string;
}

/** A parsed X.509 v2 CRL. */
export interface ParsedCrl {
  issuerDer: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | null;
  crlNumber: string | null;
  /** By upper-case hex serial (as ParsedCertificate.serialHex). */
  revoked: ReadonlyMap<string, RevocationEntry>;
  tbs: Buffer;
  signatureAlgorithm: string;
  signatureValue: Buffer;
}

function readEntryReason(extensions: DerNode | undefined): string {
  if (!extensions) return 'unspecified';
  for (const extension of childrenOf(expectTag(extensions, TAG.sequence, 'entry extensions'))) {
    const parts = childrenOf(expectTag(extension, TAG.sequence, 'an entry extension'));
    if (readOid(parts[0]) !== OID.crlReason) continue;
    const value = readRoot(contentOf(expectTag(parts[parts.length - 1], TAG.octetString, 'the reason')));
    const code = contentOf(expectTag(value, 0x0a, 'a reason code'))[0];
    return CRL_REASONS.get(code ?? -1) ?? 'unspecified';
  }
  return 'unspecified';
}

/** Parses a DER CRL. Throws DerError when it is not one. */
export function parseCrl(derBytes: Buffer): ParsedCrl {
  const [tbsNode, algorithmNode, signatureNode] = childrenOf(expectTag(readRoot(derBytes), TAG.sequence, 'a CertificateList'));
  const tbs = expectTag(tbsNode, TAG.sequence, 'a TBSCertList');
  const fields = childrenOf(tbs);
  let index = fields[0]?.tag === TAG.integer ? 1 : 0;
  index += 1; // inner signature algorithm
  const issuer = expectTag(fields[index++], TAG.sequence, 'the CRL issuer');
  const thisUpdate = readTime(fields[index++]);
  let nextUpdate: Date | null = null;
  const maybeNext = fields[index];
  if (maybeNext && (maybeNext.tag === TAG.utcTime || maybeNext.tag === TAG.generalizedTime)) {
    nextUpdate = readTime(maybeNext);
    index += 1;
  }
  const revoked = new Map<string, RevocationEntry>();
  if (fields[index]?.tag === TAG.sequence) {
    for (const entry of childrenOf(fields[index++] as DerNode)) {
      const [serial, date, extensions] = childrenOf(expectTag(entry, TAG.sequence, 'a revoked entry'));
      revoked.set(readIntegerHex(serial), { revokedAt: readTime(date), reason: readEntryReason(extensions) });
    }
  }
  let crlNumber: string | null = null;
  if (fields[index]?.tag === 0xa0) {
    for (const extension of childrenOf(expectTag(childrenOf(fields[index] as DerNode)[0], TAG.sequence, 'CRL extensions'))) {
      const parts = childrenOf(expectTag(extension, TAG.sequence, 'a CRL extension'));
      if (readOid(parts[0]) === OID.crlNumber) {
        const value = readRoot(contentOf(expectTag(parts[parts.length - 1], TAG.octetString, 'the CRL number')));
        crlNumber = BigInt(`0x${readIntegerHex(value)}`).toString();
      }
    }
  }
  const [algorithmOid] = childrenOf(expectTag(algorithmNode, TAG.sequence, 'the CRL signature algorithm'));
  const signatureBits = contentOf(expectTag(signatureNode, TAG.bitString, 'the CRL signature'));
  if (signatureBits.length < 2) throw new DerError('empty CRL signature');
  return {
    issuerDer: Buffer.from(encodingOf(issuer)),
    thisUpdate,
    nextUpdate,
    crlNumber,
    revoked,
    tbs: Buffer.from(encodingOf(tbs)),
    signatureAlgorithm: readOid(algorithmOid),
    signatureValue: Buffer.from(signatureBits.subarray(1)),
  };
}

/** true when `issuer` signed this CRL (RSA PKCS#1 v1.5 via node:crypto). */
export function isCrlSignedBy(crl: ParsedCrl, issuer: ParsedCertificate): boolean {
  const digest = RSA_SIGNATURE_ALGORITHMS.get(crl.signatureAlgorithm);
  if (!digest || !crl.issuerDer.equals(issuer.subjectDer)) return false;
  try {
    return verify(digest, crl.tbs, issuer.publicKey, crl.signatureValue);
  } catch {
    return false;
  }
}
