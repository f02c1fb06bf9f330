import { createHash, createPrivateKey, sign } from 'node:crypto';
import { parseCertificate } from './certificate.js';
import * as der from './der-builder.js';
import { OID } from './oids.js';
import { pemToDer } from './pem.js';

/** The key and certificate(s) a detached CMS signature is made with. */
export interface CmsSigner {
  /** PKCS#8 (or PKCS#1) PEM private key, RSA. */
  keyPem: string;
  certificatePem: string;
  /** Intermediate certificates to include, signer's issuer first. */
  chainPem?: string[];
}

/** Signs `content` detached at `signingTime`; DER ContentInfo. */
export type PreparedCmsSigner = (content: Buffer, signingTime: Date) => Buffer;

/** A DER tag-length-value from already encoded content. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const length = content.reduce((sum, part) => sum + part.length, 0);
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const octets: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
    header = Buffer.from([tag, 0x80 | octets.length, ...octets]);
  }
  return Buffer.concat([header, ...content]);
}

const TAG = { octetString: 0x04, sequence: 0x30, set: 0x31, context0: 0xa0 } as const;

/**
 * A detached CMS (RFC 5652) signer, prepared once per key: the private key,
 * the signer identifier and the embedded certificates are parsed and
 * encoded here, so each signature costs a digest, three small attributes
 * and the RSA operation. Produces exactly what `signCmsDetached` does.
 */
export function prepareCmsSigner(signer: CmsSigner): PreparedCmsSigner {
  const certificateDer = pemToDer(signer.certificatePem);
  const certificate = parseCertificate(certificateDer);
  const key = createPrivateKey(signer.keyPem);
  const certificates = [certificateDer, ...(signer.chainPem ?? []).map((pem) => pemToDer(pem))];

  const version = der.toDer(der.integer(1));
  const signerIdentifier = der.toDer(der.sequence([der.fromDer(certificate.issuerDer), der.integerFromHex(certificate.serialHex)]));
  const digestAlgorithm = der.toDer(der.algorithm(OID.sha256));
  const signatureAlgorithm = der.toDer(der.algorithm(OID.rsaEncryption));
  const digestAlgorithms = tlv(TAG.set, digestAlgorithm);
  const encapsulatedContentInfo = der.toDer(der.sequence([der.oid(OID.data)]));
  const embeddedCertificates = tlv(TAG.context0, ...certificates);
  const signedDataType = der.toDer(der.oid(OID.signedData));
  const contentTypeAttribute = der.toDer(der.sequence([der.oid(OID.contentType), der.set([der.oid(OID.data)])]));
  const signingTimeType = der.toDer(der.oid(OID.signingTime));
  const messageDigestType = der.toDer(der.oid(OID.messageDigest));

  return (content, signingTime) => {
    const attributes = [
      contentTypeAttribute,
      tlv(TAG.sequence, signingTimeType, tlv(TAG.set, der.toDer(der.time(signingTime)))),
      tlv(TAG.sequence, messageDigestType, tlv(TAG.set, tlv(TAG.octetString, createHash('sha256').update(content).digest()))),
    ]
      // DER orders the members of a SET OF by their encodings.
      .sort(Buffer.compare);
    const signature = sign('sha256', tlv(TAG.set, ...attributes), key);
    const signerInfo = tlv(
      TAG.sequence,
      version,
      signerIdentifier,
      digestAlgorithm,
      // signedAttrs [0] IMPLICIT SET OF: the same members, context tag instead of SET.
      tlv(TAG.context0, ...attributes),
      signatureAlgorithm,
      tlv(TAG.octetString, signature),
    );
    const signedData = tlv(TAG.sequence, version, digestAlgorithms, encapsulatedContentInfo, embeddedCertificates, tlv(TAG.set, signerInfo));
    return tlv(TAG.sequence, signedDataType, tlv(TAG.context0, signedData));
  };
}

/**
 * A detached CMS (RFC 5652) SignedData over `content`, DER: SHA-256,
 * RSA PKCS#1 v1.5, one signer identified by issuer and serial, signed
 * attributes contentType, signingTime and messageDigest, and the signer's
 * certificate (plus `chainPem`) embedded. Structure from node-forge's ASN.1
 * model and plain DER encoding; the RSA signature comes from node:crypto.
 * To sign many contents with one key, prepare the signer once with
 * `prepareCmsSigner`.
 */
export function signCmsDetached(content: Buffer, signer: CmsSigner, signingTime: Date): Buffer {
  return prepareCmsSigner(signer)(content, signingTime);
}
