import { InputError } from '../errors.js';

/** Longest reason a rejection or return may give; the resident reads it in their status page. */
export const MAX_REASON_CHARS = 500;

/**
 * A rejection or return reason, as the resident will read it: plain text of
 * 1–500 characters, no markup (`<`, `>`), no control characters but line
 * breaks. Returns the trimmed reason or throws `review-reason-invalid`.
 */
export function checkReason(reason: unknown): string {
  const refuse = (code: string, message: string): never => {
    throw new InputError('review-reason-invalid', message, [{ pointer: '/reason', code, message }]);
  };
  if (typeof reason !== 'string') return refuse('required', 'Give the reason the resident will read, as text.');
  const trimmed = reason.trim();
  if (trimmed.length === 0) return refuse('required', 'Give the reason the resident will read.');
  if ([...trimmed].length > MAX_REASON_CHARS) return refuse('too-long', `At most ${MAX_REASON_CHARS} characters.`);
  if (/[<>]/.test(trimmed)) return refuse('markup', 'Plain text only: no < or > (the reason is shown as text, never as HTML).');
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(trimmed)) return refuse('control-character', 'No control characters; line breaks are allowed.');
  return trimmed;
}
