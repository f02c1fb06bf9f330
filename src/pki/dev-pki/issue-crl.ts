import { sign } from 'node:crypto';
import forge from 'node-forge';
import * as der from '../der-builder.js';
import { authorityKeyIdentifierExtension } from '../extensions.js';
import { OID } from '../oids.js';
import type { Issuer } from './issue-certificate.js';

/** One revoked certificate on a CRL. */
export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  /** RFC 5280 reason code (see crl-reasons.ts). */
  reason: number;
}

/** What goes into one CRL. */
export interface CrlRequest {
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: RevokedEntry[];
}

const enumerated = (value: number): der.Asn1 =>
  forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.ENUMERATED, false, forge.asn1.integerToDer(value).getBytes());

/** Issues a v2 CRL (DER) with crlNumber and per-entry reason codes, signed by the issuer via node:crypto. */
export function issueCrl(request: CrlRequest, issuer: Issuer): Buffer {
  const entries = request.revoked.map((entry) =>
    der.sequence([
      der.integerFromHex(entry.serialHex),
      der.time(entry.revokedAt),
      der.sequence([der.sequence([der.oid(OID.crlReason), der.octetString(der.toDer(enumerated(entry.reason)))])]),
    ]),
  );
  const tbs = der.sequence([
    der.integer(1),
    der.algorithm(OID.sha256WithRSAEncryption),
    der.name(issuer.name),
    der.time(request.thisUpdate),
    der.time(request.nextUpdate),
    ...(entries.length > 0 ? [der.sequence(entries)] : []),
    der.explicit(0, [
      der.sequence([
        authorityKeyIdentifierExtension(issuer.publicKey),
        der.sequence([der.oid(OID.crlNumber), der.octetString(der.toDer(der.integer(request.crlNumber)))]),
      ]),
    ]),
  ]);
  const tbsDer = der.toDer(tbs);
  const signature = sign('sha256', tbsDer, issuer.privateKey);
  return der.toDer(der.sequence([der.fromDer(tbsDer), der.algorithm(OID.sha256WithRSAEncryption), der.bitString(signature)]));
}
