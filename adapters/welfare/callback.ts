/**
 * The status callback the welfare package posts to the gateway once it has
 * decided on an import (`POST {callbackUrl}/v1/callbacks/welfare`), and the
 * strict reader the gateway's callback route uses after checking the signature.
 */
import { z } from 'zod';
import { InputError } from '../../src/errors.js';
import { formatPointer } from '../../src/mapping/json-pointer.js';
import { MESSAGE_ID_PATTERN } from './wire.js';

/** Largest callback body accepted, in bytes. */
export const MAX_CALLBACK_BYTES = 16 * 1024;

/** The callback document. `reason` is required when rejected. */
export const welfareCallbackSchema = z
  .strictObject({
    messageId: z.string().regex(MESSAGE_ID_PATTERN),
    status: z.enum(['completed', 'rejected']),
    reason: z.string().min(1).max(200).optional(),
    data: z
      .strictObject({
        認定番号: z.string().regex(/^[0-9A-Z-]{1,20}$/).optional(),
        支給開始年月: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/).optional(),
      })
      .optional(),
  })
  .refine((callback) => callback.status !== 'rejected' || callback.reason !== undefined, { path: ['reason'], message: 'a rejection needs a reason' });

/** A callback as read. */
export type WelfareCallback = z.infer<typeof welfareCallbackSchema>;

function invalid(issues: InputError['issues']): InputError {
  return new InputError('welfare-callback-invalid', 'the welfare callback is not the documented document', issues);
}

/**
 * Reads a callback body (already verified). Throws InputError
 * `welfare-callback-invalid` with JSON Pointers; never echoes values.
 */
export function readWelfareCallback(rawBody: string | Uint8Array): WelfareCallback {
  const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody) : rawBody.byteLength;
  if (size > MAX_CALLBACK_BYTES) throw invalid([{ pointer: '', code: 'too-large', message: `at most ${MAX_CALLBACK_BYTES} bytes` }]);
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    throw invalid([{ pointer: '', code: 'invalid-json', message: 'the body is not UTF-8 JSON' }]);
  }
  const parsed = welfareCallbackSchema.safeParse(json);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => ({ pointer: formatPointer(issue.path.map(String)), code: issue.code, message: issue.message })));
  }
  return parsed.data;
}
