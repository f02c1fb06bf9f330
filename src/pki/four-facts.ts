import type { EraTable } from '../jp/era.js';
import * as der from './der-builder.js';
import { childrenOf, DerError, readOid, readRoot, readString } from './der-reader.js';
import { otherNameSubjectAltNameExtension } from './extensions.js';
import { OID } from './oids.js';

/** The holder's four basic facts (基本4情報) as a JPKI signing certificate states them. */
export interface SubjectFacts {
  name: string;
  /** The name with substitute characters for those outside JIS X 0208, when it has any. */
  nameSubstitute?: string;
  /** `1` male, `2` female (JPKI also knows `3` unknown). */
  gender: string;
  /** ISO date (the certificate holds JPKI `EYYYYMMDD`). */
  birthDate: string;
  address: string;
  addressSubstitute?: string;
}

/** The facts as written into a certificate: the birth date already in `EYYYYMMDD`. */
export interface EncodedFacts extends Omit<SubjectFacts, 'birthDate'> {
  birthDateJpki: string;
}

/**
 * The subjectAltName extension with the facts as otherName entries, every
 * value a UTF8String, in the order the card's certificate lists them
 * (name, birth date, gender, address, then the substitutes).
 */
export function fourFactsExtension(facts: EncodedFacts): der.Asn1 {
  const entries = [
    { typeId: OID.jpkiName, value: facts.name },
    { typeId: OID.jpkiBirthDate, value: facts.birthDateJpki },
    { typeId: OID.jpkiGender, value: facts.gender },
    { typeId: OID.jpkiAddress, value: facts.address },
    ...(facts.nameSubstitute === undefined ? [] : [{ typeId: OID.jpkiNameSubstitute, value: facts.nameSubstitute }]),
    ...(facts.addressSubstitute === undefined ? [] : [{ typeId: OID.jpkiAddressSubstitute, value: facts.addressSubstitute }]),
  ];
  return otherNameSubjectAltNameExtension(entries.map((entry) => ({ typeId: entry.typeId, value: der.utf8String(entry.value) })));
}

const FACT_OIDS = new Set<string>([
  OID.jpkiName,
  OID.jpkiNameSubstitute,
  OID.jpkiGender,
  OID.jpkiBirthDate,
  OID.jpkiAddress,
  OID.jpkiAddressSubstitute,
]);

/**
 * Reads the four facts from a subjectAltName extension value (the DER inside
 * the extension's OCTET STRING). Values may be any character string type.
 * Returns null when the certificate does not carry the required facts; throws
 * DerError when the extension is malformed.
 */
export function readFourFacts(subjectAltName: Buffer, eras: EraTable): SubjectFacts | null {
  const values = new Map<string, string>();
  for (const generalName of childrenOf(readRoot(subjectAltName))) {
    if (generalName.tag !== 0xa0) continue;
    const [typeId, wrapped] = childrenOf(generalName);
    const oid = readOid(typeId);
    if (!FACT_OIDS.has(oid)) continue;
    if (!wrapped || wrapped.tag !== 0xa0) throw new DerError('otherName value must be [0] EXPLICIT');
    const [value, extra] = childrenOf(wrapped);
    if (extra || values.has(oid)) throw new DerError('a JPKI fact appears twice');
    values.set(oid, readString(value));
  }
  const name = values.get(OID.jpkiName);
  const gender = values.get(OID.jpkiGender);
  const birthDateJpki = values.get(OID.jpkiBirthDate);
  const address = values.get(OID.jpkiAddress);
  if (!name || !gender || !birthDateJpki || !address) return null;
  let birthDate: string;
  try {
    birthDate = eras.fromJpkiDate(birthDateJpki);
  } catch {
    return null;
  }
  const facts: SubjectFacts = { name, gender, birthDate, address };
  const nameSubstitute = values.get(OID.jpkiNameSubstitute);
  const addressSubstitute = values.get(OID.jpkiAddressSubstitute);
  if (nameSubstitute) facts.nameSubstitute = nameSubstitute;
  if (addressSubstitute) facts.addressSubstitute = addressSubstitute;
  return facts;
}

