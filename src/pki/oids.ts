/** Object identifiers the PKI code reads and writes, by what they mean. */
export const OID = {
  // CMS (RFC 5652) and its attributes
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // algorithms
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  // names
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  localityName: '2.5.4.7',
  // certificate and CRL extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  // JPKI personal data (subjectAltName otherName type-ids)
  jpkiName: '1.2.392.200149.8.5.5.1',
  jpkiNameSubstitute: '1.2.392.200149.8.5.5.2',
  jpkiGender: '1.2.392.200149.8.5.5.3',
  jpkiBirthDate: '1.2.392.200149.8.5.5.4',
  jpkiAddress: '1.2.392.200149.8.5.5.5',
  jpkiAddressSubstitute: '1.2.392.200149.8.5.5.6',
  // JPKI certificate policy for the signing certificate (署名用, class 20)
  jpkiSigningPolicy: '1.2.392.200149.8.5.1.1.20',
  // JPKI certificate policy for the authentication certificate (利用者証明用, class 30)
  jpkiAuthenticationPolicy: '1.2.392.200149.8.5.1.3.30',
  // LGPKI-like organisation certificate policy; a private arc so it is never mistaken for the real one
  lgpkiTestOrganizationPolicy: '1.3.6.1.4.1.55555.1.1',
} as const;

/** Digest algorithms a CMS signer may use, by OID → node:crypto name. */
export const DIGEST_ALGORITHMS: ReadonlyMap<string, string> = new Map([
  [OID.sha256, 'sha256'],
  [OID.sha384, 'sha384'],
  [OID.sha512, 'sha512'],
]);

/** RSA PKCS#1 v1.5 signature algorithms, by OID → node:crypto digest name (null: digest given separately). */
export const RSA_SIGNATURE_ALGORITHMS: ReadonlyMap<string, string | null> = new Map([
  [OID.rsaEncryption, null],
  [OID.sha256WithRSAEncryption, 'sha256'],
  [OID.sha384WithRSAEncryption, 'sha384'],
  [OID.sha512WithRSAEncryption, 'sha512'],
]);
