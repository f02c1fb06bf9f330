import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import {
  childrenOf,
  contentOf,
  DerError,
  encodingOf,
  expectTag,
  readIntegerHex,
  readOid,
  readRoot,
  readString,
  readTime,
  TAG,
  type DerNode,
} from './der-reader.js';
import { KEY_USAGE_BITS, type KeyUsageName } from './extensions.js';
import { OID } from './oids.js';

/** The parts of an X.509 certificate that verification looks at. */
export interface ParsedCertificate {
  der: Buffer;
  /** SHA-256 hex of the DER. */
  fingerprint: string;
  /** Upper-case hex without leading zero octets. */
  serialHex: string;
  /** The exact DER of the issuer and subject Names, compared byte for byte when chaining. */
  issuerDer: Buffer;
  subjectDer: Buffer;
  /** `C=JP, O=…, CN=…` for messages and records. */
  issuerText: string;
  subjectText: string;
  notBefore: Date;
  notAfter: Date;
  /** What the issuer signed, how, and the signature. */
  tbs: Buffer;
  signatureAlgorithm: string;
  signatureValue: Buffer;
  publicKey: KeyObject;
  /** RSA modulus length in bits, or null for a key that is not RSA. */
  rsaModulusBits: number | null;
  isCa: boolean;
  /** null when the certificate has no keyUsage extension. */
  keyUsage: ReadonlySet<KeyUsageName> | null;
  /** The subjectKeyIdentifier extension's key id, or null. */
  subjectKeyIdentifier: Buffer | null;
  /** Content of the subjectAltName extension (the GeneralNames DER), or null. */
  subjectAltName: Buffer | null;
  /** A critical extension this code does not understand (RFC 5280 says: reject), or null. */
  unknownCriticalExtension: string | null;
}

const NAME_LABELS: ReadonlyMap<string, string> = new Map([
  [OID.countryName, 'C'],
  [OID.organizationName, 'O'],
  [OID.organizationalUnitName, 'OU'],
  [OID.commonName, 'CN'],
  [OID.localityName, 'L'],
  ['2.5.4.8', 'ST'],
]);

const UNDERSTOOD_CRITICAL = new Set<string>([OID.keyUsage, OID.basicConstraints, OID.certificatePolicies, OID.subjectAltName]);

/** `C=JP, O=…, CN=…` (most significant first) from a Name. */
export function nameToText(name: DerNode): string {
  const parts: string[] = [];
  for (const rdn of childrenOf(expectTag(name, TAG.sequence, 'a Name'))) {
    for (const attribute of childrenOf(expectTag(rdn, TAG.set, 'an RDN'))) {
      const [type, value] = childrenOf(expectTag(attribute, TAG.sequence, 'an attribute'));
      const oid = readOid(type);
      parts.push(`${NAME_LABELS.get(oid) ?? oid}=${readString(value)}`);
    }
  }
  return parts.join(', ');
}

function readKeyUsage(value: Buffer): Set<KeyUsageName> {
  const bits = contentOf(expectTag(readRoot(value), TAG.bitString, 'keyUsage bits'));
  const usages = new Set<KeyUsageName>();
  for (const [usage, bit] of Object.entries(KEY_USAGE_BITS) as Array<[KeyUsageName, number]>) {
    const octet = bits[1 + Math.floor(bit / 8)];
    if (octet !== undefined && octet & (0x80 >> bit % 8)) usages.add(usage);
  }
  return usages;
}

function readIsCa(value: Buffer): boolean {
  const [first] = childrenOf(expectTag(readRoot(value), TAG.sequence, 'basicConstraints'));
  return first?.tag === 0x01 && contentOf(first)[0] === 0xff;
}

/** Parses a DER certificate. Throws DerError when it is not one. */
export function parseCertificate(derBytes: Buffer): ParsedCertificate {
  const [tbsNode, algorithmNode, signatureNode, extra] = childrenOf(expectTag(readRoot(derBytes), TAG.sequence, 'a Certificate'));
  if (extra) throw new DerError('trailing certificate elements');
  const tbs = expectTag(tbsNode, TAG.sequence, 'a TBSCertificate');
  const fields = childrenOf(tbs);
  let index = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serialHex = readIntegerHex(fields[index++]);
  index += 1; // the inner signature AlgorithmIdentifier repeats the outer one
  const issuer = expectTag(fields[index++], TAG.sequence, 'the issuer');
  const [notBefore, notAfter] = childrenOf(expectTag(fields[index++], TAG.sequence, 'the validity'));
  const subject = expectTag(fields[index++], TAG.sequence, 'the subject');
  const spki = expectTag(fields[index++], TAG.sequence, 'the public key');
  let keyUsage: Set<KeyUsageName> | null = null;
  let subjectAltName: Buffer | null = null;
  let subjectKeyIdentifier: Buffer | null = null;
  let isCa = false;
  let unknownCriticalExtension: string | null = null;
  const extensions = fields.slice(index).find((node) => node.tag === 0xa3);
  if (extensions) {
    for (const extension of childrenOf(expectTag(childrenOf(extensions)[0], TAG.sequence, 'extensions'))) {
      const parts = childrenOf(expectTag(extension, TAG.sequence, 'an extension'));
      const oid = readOid(parts[0]);
      const critical = parts.length === 3 && parts[1]?.tag === 0x01 && contentOf(parts[1])[0] === 0xff;
      const value = contentOf(expectTag(parts[parts.length - 1], TAG.octetString, 'an extension value'));
      if (oid === OID.keyUsage) keyUsage = readKeyUsage(value);
      else if (oid === OID.basicConstraints) isCa = readIsCa(value);
      else if (oid === OID.subjectAltName) subjectAltName = value;
      else if (oid === OID.subjectKeyIdentifier) subjectKeyIdentifier = contentOf(expectTag(readRoot(value), TAG.octetString, 'a key identifier'));
      if (critical && !UNDERSTOOD_CRITICAL.has(oid)) unknownCriticalExtension ??= oid;
    }
  }
  const [algorithmOid] = childrenOf(expectTag(algorithmNode, TAG.sequence, 'the signature algorithm'));
  const signatureBits = contentOf(expectTag(signatureNode, TAG.bitString, 'the signature'));
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: encodingOf(spki), format: 'der', type: 'spki' });
  } catch {
    throw new DerError('unreadable public key');
  }
  return {
    der: derBytes,
    fingerprint: createHash('sha256').update(derBytes).digest('hex'),
    serialHex,
    issuerDer: encodingOf(issuer),
    subjectDer: encodingOf(subject),
    issuerText: nameToText(issuer),
    subjectText: nameToText(subject),
    notBefore: readTime(notBefore),
    notAfter: readTime(notAfter),
    tbs: encodingOf(tbs),
    signatureAlgorithm: readOid(algorithmOid),
    signatureValue: signatureBits.subarray(1),
    publicKey,
    rsaModulusBits: publicKey.asymmetricKeyType === 'rsa' ? (publicKey.asymmetricKeyDetails?.modulusLength ?? null) : null,
    isCa,
    keyUsage,
    subjectKeyIdentifier,
    subjectAltName,
    unknownCriticalExtension,
  };
}

/**
 * Parsed certificates, so the same signer certificate (and its issuers) is
 * parsed once. Looked up by the tail of the DER — the end of the issuer's
 * signature, which differs between any two certificates — and confirmed by
 * comparing the whole DER, which is cheaper than hashing it on every call.
 * Bounded; the oldest entry goes first.
 */
export class CertificateCache {
  readonly #entries = new Map<string, ParsedCertificate[]>();
  #size = 0;
  constructor(private readonly limit = 10_000) {}

  /** The parsed certificate for these DER bytes; throws DerError when they are not one. */
  get(derBytes: Buffer): ParsedCertificate {
    const key = derBytes.subarray(Math.max(0, derBytes.length - 24)).toString('latin1');
    const bucket = this.#entries.get(key);
    const cached = bucket?.find((entry) => entry.der.equals(derBytes));
    if (cached) return cached;
    const parsed = parseCertificate(Buffer.from(derBytes));
    if (this.#size >= this.limit) {
      const oldest = this.#entries.keys().next().value as string;
      this.#size -= this.#entries.get(oldest)?.length ?? 0;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, [...(bucket ?? []), parsed]);
    this.#size += 1;
    return parsed;
  }
}
