import type { NameAttribute } from '../der-builder.js';
import { OID } from '../oids.js';

/** Every dev PKI subject says テスト用 / TEST in its organisational unit, so nobody takes it for a real PKI. */
const TEST_UNIT = { oid: OID.organizationalUnitName, value: 'テスト用 TEST ONLY - not a real PKI' };
const JP = { oid: OID.countryName, value: 'JP' };

const caName = (organization: string, commonName: string): NameAttribute[] => [
  JP,
  { oid: OID.organizationName, value: organization },
  TEST_UNIT,
  { oid: OID.commonName, value: commonName },
];

export const DEV_NAMES = {
  jpkiRoot: caName('JPKI TEST', 'JPKI Test Root CA'),
  jpkiSigningCa: caName('JPKI TEST', 'JPKI Test Signing CA'),
  untrustedRoot: caName('Untrusted TEST', 'Untrusted Test Root'),
  cityRoot: caName('LGPKI TEST', 'LGPKI Test Root CA'),
  lgpkiOrganizationCa: caName('LGPKI TEST', 'LGPKI Test Organization CA'),
  /** The dev city's signer looks most like a real certificate: its organisation and common name say テスト用 too. */
  citySigner: [JP, { oid: OID.organizationName, value: '大阪市（テスト用）' }, TEST_UNIT, { oid: OID.commonName, value: '大阪市長 職責証明書（テスト用）TEST' }],
  /** A resident's subject names no person: JPKI's subject CN is an identifier, the facts are in subjectAltName. */
  resident: (serialHex: string): NameAttribute[] => [JP, { oid: OID.organizationName, value: 'JPKI TEST' }, TEST_UNIT, { oid: OID.commonName, value: `TEST resident ${serialHex}` }],
};
