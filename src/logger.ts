import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino removes from every log line. Fixed here, never built from input.
 * They cover 個人番号, names, addresses, birth dates, signatures and tokens
 * wherever the gateway might put a form, a record or a header into a log.
 */
export const REDACT_PATHS = [
  'form',
  '*.form',
  'record',
  '*.record',
  'resident',
  '*.resident',
  'identity',
  '*.identity',
  'signature',
  '*.signature',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'myNumber',
  '*.myNumber',
  'individualNumber',
  '*.individualNumber',
  'name',
  '*.name',
  'kana',
  '*.kana',
  'address',
  '*.address',
  'birthDate',
  '*.birthDate',
  'req.headers.authorization',
  'req.headers["x-access-token"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-access-token"]',
];

/**
 * Creates the root logger: JSON lines, personal data redacted. Every line of
 * this logger and its children pays for the redaction: with wildcard paths each
 * top-level value of a line goes through the redactor.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'kakehashi' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/**
 * A child of `logger` without redaction, for lines built only from fields that
 * are known not to be personal data (the request line: method, path, status,
 * ids). It writes to the same destination at the same level; it exists because
 * the request line is written once per request and redaction was a measurable
 * share of the intake path's CPU. Never pass it a form, a record, a header or
 * an error: those go to the redacting logger.
 */
export function knownSafeFieldsLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}
