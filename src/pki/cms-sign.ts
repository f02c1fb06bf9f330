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

/**
 * A detached CMS (RFC 5652) SignedData over `content`, DER: SHA-256,
 * RSA PKCS#1 v1.5, one signer identified by issuer and serial, signed
 * attributes contentType, signingTime and messageDigest, and the signer's
 * certificate (plus `chainPem`) embedded. The structure is built with
 * node-forge's ASN.1 model; the RSA signature comes from node:crypto.
 */
export function signCmsDetached(content: Buffer, signer: CmsSigner, signingTime: Date): Buffer {
  const certificateDer = pemToDer(signer.certificatePem);
  const certificate = parseCertificate(certificateDer);
  const attributes = [
    der.sequence([der.oid(OID.contentType), der.set([der.oid(OID.data)])]),
    der.sequence([der.oid(OID.signingTime), der.set([der.time(signingTime)])]),
    der.sequence([der.oid(OID.messageDigest), der.set([der.octetString(createHash('sha256').update(content).digest())])]),
  ]
    .map(der.toDer)
    // DER orders the members of a SET OF by their encodings.
    .sort(Buffer.compare);
  const signedAttributesAsSet = der.toDer(der.set(attributes.map(der.fromDer)));
  const signature = sign('sha256', signedAttributesAsSet, createPrivateKey(signer.keyPem));

  const signerInfo = der.sequence([
    der.integer(1),
    der.sequence([der.fromDer(certificate.issuerDer), der.integerFromHex(certificate.serialHex)]),
    der.algorithm(OID.sha256),
    // signedAttrs [0] IMPLICIT SET OF: the same members, context tag instead of SET.
    der.explicit(0, attributes.map(der.fromDer)),
    der.algorithm(OID.rsaEncryption),
    der.octetString(signature),
  ]);
  const certificates = [certificateDer, ...(signer.chainPem ?? []).map((pem) => pemToDer(pem))];
  const signedData = der.sequence([
    der.integer(1),
    der.set([der.algorithm(OID.sha256)]),
    der.sequence([der.oid(OID.data)]),
    der.explicit(0, certificates.map(der.fromDer)),
    der.set([signerInfo]),
  ]);
  return der.toDer(der.sequence([der.oid(OID.signedData), der.explicit(0, [signedData])]));
}
