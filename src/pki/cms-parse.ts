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
import { OID } from './oids.js';

/** How a SignerInfo names its certificate. */
export type SignerIdentifier =
  | { kind: 'issuer-and-serial'; issuerDer: Buffer; serialHex: string }
  | { kind: 'subject-key-identifier'; keyIdentifier: Buffer };

/** The signed attributes, and the exact bytes the signature covers. */
export interface SignedAttributes {
  /** The attributes DER-encoded as a SET (tag 0x31), which is what is signed. */
  signedBytes: Buffer;
  contentType: string | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
}

export interface ParsedSignerInfo {
  signerIdentifier: SignerIdentifier;
  digestAlgorithm: string;
  signedAttributes: SignedAttributes | null;
  signatureAlgorithm: string;
  signature: Buffer;
}

export interface ParsedSignedData {
  encapsulatedContentType: string;
  /** true when the content is inside the CMS (not detached). */
  hasContent: boolean;
  /** DER of every certificate in the `certificates` field (other choices are skipped). */
  certificates: Buffer[];
  signers: ParsedSignerInfo[];
}

const algorithmOf = (node: DerNode | undefined): string => readOid(childrenOf(expectTag(node, TAG.sequence, 'an AlgorithmIdentifier'))[0]);

function singleValue(attribute: DerNode[]): DerNode {
  const values = childrenOf(expectTag(attribute[1], TAG.set, 'attribute values'));
  if (values.length !== 1) throw new DerError('a signed attribute must have exactly one value');
  return values[0] as DerNode;
}

function readSignedAttributes(node: DerNode): SignedAttributes {
  const result: SignedAttributes = {
    signedBytes: Buffer.from(encodingOf(node)).fill(TAG.set, 0, 1),
    contentType: null,
    messageDigest: null,
    signingTime: null,
  };
  const seen = new Set<string>();
  for (const attributeNode of childrenOf(node)) {
    const attribute = childrenOf(expectTag(attributeNode, TAG.sequence, 'an attribute'));
    const type = readOid(attribute[0]);
    if (seen.has(type)) throw new DerError('a signed attribute appears twice');
    seen.add(type);
    if (type === OID.contentType) result.contentType = readOid(singleValue(attribute));
    else if (type === OID.messageDigest) result.messageDigest = Buffer.from(contentOf(expectTag(singleValue(attribute), TAG.octetString, 'the message digest')));
    else if (type === OID.signingTime) result.signingTime = readTime(singleValue(attribute));
  }
  return result;
}

function readSignerIdentifier(node: DerNode | undefined): SignerIdentifier {
  if (node?.tag === 0x80) return { kind: 'subject-key-identifier', keyIdentifier: Buffer.from(contentOf(node)) };
  const [issuer, serial] = childrenOf(expectTag(node, TAG.sequence, 'a signer identifier'));
  return { kind: 'issuer-and-serial', issuerDer: Buffer.from(encodingOf(expectTag(issuer, TAG.sequence, 'the issuer'))), serialHex: readIntegerHex(serial) };
}

function readSignerInfo(node: DerNode): ParsedSignerInfo {
  const fields = childrenOf(expectTag(node, TAG.sequence, 'a SignerInfo'));
  let index = 1; // version
  const signerIdentifier = readSignerIdentifier(fields[index++]);
  const digestAlgorithm = algorithmOf(fields[index++]);
  const signedAttributes = fields[index]?.tag === 0xa0 ? readSignedAttributes(fields[index++] as DerNode) : null;
  const signatureAlgorithm = algorithmOf(fields[index++]);
  const signature = Buffer.from(contentOf(expectTag(fields[index++], TAG.octetString, 'the signature value')));
  return { signerIdentifier, digestAlgorithm, signedAttributes, signatureAlgorithm, signature };
}

/** Parses a CMS ContentInfo holding SignedData. Throws DerError for anything else. */
export function parseSignedData(derBytes: Buffer): ParsedSignedData {
  const [contentType, explicitContent, extra] = childrenOf(expectTag(readRoot(derBytes), TAG.sequence, 'a ContentInfo'));
  if (extra || readOid(contentType) !== OID.signedData) throw new DerError('not SignedData');
  const [signedData] = childrenOf(expectTag(explicitContent, 0xa0, 'the [0] content'));
  const fields = childrenOf(expectTag(signedData, TAG.sequence, 'SignedData'));
  expectTag(fields[0], TAG.integer, 'the version');
  expectTag(fields[1], TAG.set, 'the digest algorithms');
  const encapsulated = childrenOf(expectTag(fields[2], TAG.sequence, 'the encapsulated content'));
  const certificates: Buffer[] = [];
  let index = 3;
  if (fields[index]?.tag === 0xa0) {
    for (const choice of childrenOf(fields[index++] as DerNode)) {
      if (choice.tag === TAG.sequence) certificates.push(encodingOf(choice));
    }
  }
  if (fields[index]?.tag === 0xa1) index += 1; // CRLs inside the CMS are not trusted for revocation
  const signerInfos = expectTag(fields[index++], TAG.set, 'the signer infos');
  if (fields[index]) throw new DerError('trailing SignedData elements');
  return {
    encapsulatedContentType: readOid(encapsulated[0]),
    hasContent: encapsulated.length > 1,
    certificates,
    signers: childrenOf(signerInfos).map(readSignerInfo),
  };
}
