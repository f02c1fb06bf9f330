import { InputError } from '../../errors.js';
import { parseSignedData, type ParsedSignedData } from '../../pki/cms-parse.js';

/** A 400 naming the field of the verification request that is malformed. */
export function malformedField(pointer: string, code: string, message: string, cause?: unknown): InputError {
  return new InputError('verification-request-malformed', message, [{ pointer, code, message }], { semantic: false, cause });
}

/**
 * Strict base64: the length, the alphabet and the padding must all be
 * right. Node's decoder would skip stray characters; a verifier must not
 * read something other than what was sent.
 */
export function decodeStrictBase64(value: string, pointer: string, maxChars: number): Buffer {
  const compact = value.replace(/[\r\n]/g, '');
  if (compact.length === 0 || compact.length > maxChars || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw malformedField(pointer, 'invalid-base64', 'Expected standard base64 (RFC 4648 §4) with padding.');
  }
  return Buffer.from(compact, 'base64');
}

/** Parses DER CMS SignedData; anything that is not one is a 400 on `pointer`. */
export function parseCms(der: Buffer, pointer: string): ParsedSignedData {
  try {
    return parseSignedData(der);
  } catch (error) {
    throw malformedField(pointer, 'invalid-cms', 'Expected DER CMS SignedData (a .p7s file, base64-encoded).', error);
  }
}
