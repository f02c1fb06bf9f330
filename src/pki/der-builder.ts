import forge from 'node-forge';

/**
 * Helpers to build DER structures with node-forge's ASN.1 model. Only
 * structure is built here; every key operation happens in node:crypto.
 */
const { asn1 } = forge;
export type Asn1 = forge.asn1.Asn1;

const universal = (type: forge.asn1.Type, constructed: boolean, value: string | Asn1[]): Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, type, constructed, value);

export const sequence = (items: Asn1[]): Asn1 => universal(asn1.Type.SEQUENCE, true, items);
export const set = (items: Asn1[]): Asn1 => universal(asn1.Type.SET, true, items);
export const oid = (dotted: string): Asn1 => universal(asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
export const nullValue = (): Asn1 => universal(asn1.Type.NULL, false, '');
export const boolean = (value: boolean): Asn1 => universal(asn1.Type.BOOLEAN, false, value ? '\xff' : '\x00');
export const utf8String = (text: string): Asn1 => universal(asn1.Type.UTF8, false, Buffer.from(text, 'utf8').toString('latin1'));
export const printableString = (text: string): Asn1 => universal(asn1.Type.PRINTABLESTRING, false, text);
export const octetString = (bytes: Buffer): Asn1 => universal(asn1.Type.OCTETSTRING, false, bytes.toString('latin1'));
/** BIT STRING with no unused bits. */
export const bitString = (bytes: Buffer): Asn1 => universal(asn1.Type.BITSTRING, false, `\x00${bytes.toString('latin1')}`);

/** A non-negative INTEGER from hex (e.g. a certificate serial), with the sign octet DER needs. */
export function integerFromHex(hex: string): Asn1 {
  let digits = hex.replace(/^0+(?=.)/, '');
  if (digits.length % 2 === 1) digits = `0${digits}`;
  let bytes = Buffer.from(digits, 'hex');
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return universal(asn1.Type.INTEGER, false, bytes.toString('latin1'));
}

export const integer = (value: number): Asn1 => universal(asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());

/** RFC 5280 time: UTCTime until 2049, GeneralizedTime from 2050. */
export function time(date: Date): Asn1 {
  const seconds = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return seconds.getUTCFullYear() < 2050
    ? universal(asn1.Type.UTCTIME, false, asn1.dateToUtcTime(seconds))
    : universal(asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(seconds));
}

/** `[n]` EXPLICIT (context-specific, constructed). */
export const explicit = (tagNumber: number, inner: Asn1[]): Asn1 => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tagNumber, true, inner);
/** `[n]` IMPLICIT primitive with raw content. */
export const implicitPrimitive = (tagNumber: number, bytes: Buffer): Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, tagNumber, false, bytes.toString('latin1'));

/** AlgorithmIdentifier with NULL parameters (RSA and SHA-2 as RFC 4055 writes them). */
export const algorithm = (dotted: string): Asn1 => sequence([oid(dotted), nullValue()]);

/** Wraps DER bytes that were produced elsewhere so they can be embedded. */
export const fromDer = (bytes: Buffer): Asn1 => asn1.fromDer(bytes.toString('latin1'), { strict: true, decodeBitStrings: false } as never);

export const toDer = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'latin1');

/** One relative distinguished name attribute; country is PrintableString, the rest UTF8String. */
export interface NameAttribute {
  oid: string;
  value: string;
}

/** An X.501 Name, one attribute per RDN, in the order given (most significant first). */
export function name(attributes: NameAttribute[]): Asn1 {
  return sequence(
    attributes.map((attribute) =>
      set([sequence([oid(attribute.oid), attribute.oid === '2.5.4.6' ? printableString(attribute.value) : utf8String(attribute.value)])]),
    ),
  );
}
