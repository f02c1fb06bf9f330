import { z } from 'zod';
import { InputError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import { parseStrictJson } from '../../json/strict-json.js';
import { canonicalBytes } from '../../json/canonical-json.js';
import { decodeStrictBase64, malformedField } from './cms-input.js';

/** Largest base64 signature accepted: a CMS with a few certificates is a few KiB. */
export const MAX_SIGNATURE_CHARS = 65_536;
/** Largest base64 document accepted. */
export const MAX_DOCUMENT_CHARS = 262_144;

/** Nesting of a certificate document is about five levels; twice the margin. */
const MAX_DOCUMENT_DEPTH = 16;

const SignedForm = z
  .object({
    document: z.union([z.record(z.string(), z.unknown()), z.string().min(1).max(MAX_DOCUMENT_CHARS)]),
    signature: z.string().min(1).max(MAX_SIGNATURE_CHARS),
  })
  .strict();

const RecordedForm = z
  .object({
    certificateId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a certificate id'),
    documentHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'SHA-256 as 64 hex digits'),
  })
  .strict();

/** A verification request, decoded. */
export type VerificationRequest =
  | { kind: 'signed'; document: Buffer; signature: Buffer }
  | { kind: 'recorded'; certificateId: string; documentHash: string };

function parseWith<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new InputError('verification-request-malformed', 'The request is not a verification request; see `errors`.', issuesFromZod(parsed.error, ''), {
      semantic: false,
    });
  }
  return parsed.data;
}

/** Base64 of the document's bytes, which must be UTF-8 JSON no deeper than a certificate document nests. */
function decodeDocument(base64: string): Buffer {
  const bytes = decodeStrictBase64(base64, '/document', MAX_DOCUMENT_CHARS);
  try {
    parseStrictJson(bytes, MAX_DOCUMENT_DEPTH);
  } catch (error) {
    throw malformedField('/document', 'invalid-json', 'The decoded document is not strict UTF-8 JSON.', error);
  }
  return bytes;
}

/**
 * Reads `POST /v1/verifications`: either `{ document, signature }` — the
 * document as the JSON object or as base64 of its exact bytes, the
 * signature as base64 DER — or `{ certificateId, documentHash }` (the QR
 * code's data). Throws a 400 InputError naming the field.
 */
export function readVerificationRequest(body: unknown): VerificationRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw malformedField('', 'invalid-type', 'Send a JSON object: { document, signature } or { certificateId, documentHash }.');
  }
  if ('certificateId' in body || 'documentHash' in body) {
    const { certificateId, documentHash } = parseWith(RecordedForm, body);
    return { kind: 'recorded', certificateId, documentHash: documentHash.toLowerCase() };
  }
  const form = parseWith(SignedForm, body);
  const signature = decodeStrictBase64(form.signature, '/signature', MAX_SIGNATURE_CHARS);
  const document = typeof form.document === 'string' ? decodeDocument(form.document) : canonicalBytes(form.document);
  return { kind: 'signed', document, signature };
}
