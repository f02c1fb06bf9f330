import { createHash, type KeyObject } from 'node:crypto';
import { childrenOf, contentOf, expectTag, readRoot, TAG } from './der-reader.js';
import * as der from './der-builder.js';
import { OID } from './oids.js';

/**
 * Builders for the X.509 v3 extensions the dev PKI and the city signer use.
 * Each returns the `Extension` SEQUENCE ready to go into a TBSCertificate.
 */

const extension = (id: string, critical: boolean, value: der.Asn1): der.Asn1 =>
  der.sequence([der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(der.toDer(value))]);

/** Key usage bit positions (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGE_BITS;

/** keyUsage, always critical as the J-LIS and LGPKI profiles mark it. */
export function keyUsageExtension(usages: KeyUsageName[]): der.Asn1 {
  const bits = usages.map((usage) => KEY_USAGE_BITS[usage]);
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> bit % 8;
  const unused = 7 - (highest % 8);
  const value = der.fromDer(Buffer.concat([Buffer.from([0x03, bytes.length + 1, unused]), bytes]));
  return extension(OID.keyUsage, true, value);
}

/** basicConstraints: critical for CAs. */
export function basicConstraintsExtension(ca: boolean, pathLength?: number): der.Asn1 {
  const items = ca ? [der.boolean(true), ...(pathLength === undefined ? [] : [der.integer(pathLength)])] : [];
  return extension(OID.basicConstraints, ca, der.sequence(items));
}

/** The RFC 5280 method-1 key identifier: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const [, bits] = childrenOf(readRoot(spki));
  const key = contentOf(expectTag(bits, TAG.bitString, 'subjectPublicKey')).subarray(1);
  return createHash('sha1').update(key).digest();
}

export function subjectKeyIdentifierExtension(publicKey: KeyObject): der.Asn1 {
  return extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(publicKey)));
}

export function authorityKeyIdentifierExtension(issuerPublicKey: KeyObject): der.Asn1 {
  return extension(OID.authorityKeyIdentifier, false, der.sequence([der.implicitPrimitive(0, keyIdentifier(issuerPublicKey))]));
}

/** certificatePolicies with bare policy identifiers. */
export function certificatePoliciesExtension(policies: string[]): der.Asn1 {
  return extension(OID.certificatePolicies, false, der.sequence(policies.map((policy) => der.sequence([der.oid(policy)]))));
}

/** cRLDistributionPoints with one fullName URI. */
export function crlDistributionPointExtension(url: string): der.Asn1 {
  const uri = der.implicitPrimitive(6, Buffer.from(url, 'ascii'));
  const fullName = der.explicit(0, [uri]);
  // distributionPoint [0] wraps a CHOICE (so it stays explicit); its fullName [0] IMPLICIT GeneralNames holds the URI.
  const distributionPoint = der.explicit(0, [fullName]);
  return extension(OID.crlDistributionPoints, false, der.sequence([der.sequence([distributionPoint])]));
}

/** subjectAltName made of otherName entries (`[0] { type-id, [0] EXPLICIT value }`). */
export function otherNameSubjectAltNameExtension(entries: Array<{ typeId: string; value: der.Asn1 }>): der.Asn1 {
  const names = entries.map((entry) => der.explicit(0, [der.oid(entry.typeId), der.explicit(0, [entry.value])]));
  return extension(OID.subjectAltName, false, der.sequence(names));
}
