import { sign, type KeyObject } from 'node:crypto';
import * as der from '../der-builder.js';
import { authorityKeyIdentifierExtension, subjectKeyIdentifierExtension } from '../extensions.js';
import { OID } from '../oids.js';

/** Who signs a certificate or CRL: its name and key. */
export interface Issuer {
  name: der.NameAttribute[];
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Everything that goes into one certificate. */
export interface CertificateRequest {
  /** Serial number as hex (exactly the fixture's `signingSerial` for residents). */
  serialHex: string;
  subject: der.NameAttribute[];
  subjectPublicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** Extensions besides the key identifiers, which are always added. */
  extensions: der.Asn1[];
}

/**
 * Issues an X.509 v3 certificate signed sha256WithRSAEncryption. The
 * TBSCertificate is built with node-forge's ASN.1 model; the RSA signature is
 * made by node:crypto. Returns DER.
 */
export function issueCertificate(request: CertificateRequest, issuer: Issuer): Buffer {
  const signatureAlgorithm = der.algorithm(OID.sha256WithRSAEncryption);
  const tbs = der.sequence([
    der.explicit(0, [der.integer(2)]),
    der.integerFromHex(request.serialHex),
    signatureAlgorithm,
    der.name(issuer.name),
    der.sequence([der.time(request.notBefore), der.time(request.notAfter)]),
    der.name(request.subject),
    der.fromDer(request.subjectPublicKey.export({ type: 'spki', format: 'der' })),
    der.explicit(3, [
      der.sequence([
        subjectKeyIdentifierExtension(request.subjectPublicKey),
        authorityKeyIdentifierExtension(issuer.publicKey),
        ...request.extensions,
      ]),
    ]),
  ]);
  const tbsDer = der.toDer(tbs);
  const signature = sign('sha256', tbsDer, issuer.privateKey);
  return der.toDer(der.sequence([der.fromDer(tbsDer), der.algorithm(OID.sha256WithRSAEncryption), der.bitString(signature)]));
}
