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

/** Creates the root logger: JSON lines, personal data redacted. */
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
