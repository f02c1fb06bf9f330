import { StorageUnavailableError, type StorageFailureReason } from './store-errors.js';

/** SQLite result codes (extended codes start with the primary one) and system error codes, by what they mean for writes. */
const CODE_PREFIXES: [prefix: string, reason: StorageFailureReason][] = [
  ['SQLITE_FULL', 'disk-full'],
  ['ENOSPC', 'disk-full'],
  ['EDQUOT', 'disk-full'],
  ['SQLITE_IOERR', 'io-error'],
  ['EIO', 'io-error'],
  ['SQLITE_READONLY', 'read-only'],
  ['EROFS', 'read-only'],
  ['SQLITE_CANTOPEN', 'cannot-open'],
  ['SQLITE_BUSY', 'locked'],
  ['ECONNREFUSED', 'unreachable'],
  ['ECONNRESET', 'unreachable'],
  ['ETIMEDOUT', 'unreachable'],
  ['EPIPE', 'unreachable'],
  ['ENOTFOUND', 'unreachable'],
  ['EHOSTUNREACH', 'unreachable'],
];

/**
 * PostgreSQL SQLSTATEs (exact, or a whole class by its two first characters)
 * that mean the server cannot take this write now, whatever the write.
 */
const SQLSTATES: Record<string, StorageFailureReason> = {
  '08': 'unreachable', // connection exception (any)
  '57P01': 'unreachable', // admin_shutdown: the server is stopping, or pg_terminate_backend
  '57P02': 'unreachable', // crash_shutdown
  '57P03': 'unreachable', // cannot_connect_now: starting up or in recovery
  '53300': 'unreachable', // too_many_connections
  '53100': 'disk-full',
  '53200': 'out-of-memory',
  '58030': 'io-error',
  '25006': 'read-only', // read_only_sql_transaction: connected to a standby
  '55P03': 'locked', // lock_not_available
};

/** postgres.js's own codes for a connection it lost or could not make. */
const POSTGRES_CONNECTION_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT']);

/** Redis error replies whose first word says the server cannot take writes now. */
const REPLY_PREFIXES: Record<string, StorageFailureReason> = {
  READONLY: 'read-only',
  LOADING: 'loading',
  OOM: 'out-of-memory',
  MISCONF: 'disk-full',
};

/** ioredis rejects queued commands with these messages while it has no connection. */
const DISCONNECTED_MESSAGES = [/^Connection is closed/, /^Stream isn't writeable/, /^Reached the max retries per request limit/];

/**
 * The {@link StorageUnavailableError} a driver error amounts to, or undefined
 * when it is not a storage failure (a constraint, a bug, a domain error),
 * which the caller rethrows as it is. An error already classified is returned
 * unchanged, so a group-commit batch keeps one instance for all its writes.
 */
export function classifyStorageFailure(error: unknown): StorageUnavailableError | undefined {
  if (error instanceof StorageUnavailableError) return error;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && error.name === 'PostgresError') {
    const reason = SQLSTATES[code] ?? SQLSTATES[code.slice(0, 2)];
    return reason ? new StorageUnavailableError(reason, code, { cause: error }) : undefined;
  }
  if (typeof code === 'string' && POSTGRES_CONNECTION_CODES.has(code)) return new StorageUnavailableError('unreachable', code, { cause: error });
  if (typeof code === 'string') {
    const match = CODE_PREFIXES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
    if (match) return new StorageUnavailableError(match[1], code, { cause: error });
  }
  if (error.name === 'ReplyError') {
    const word = error.message.split(' ', 1)[0] ?? '';
    const reason = REPLY_PREFIXES[word];
    if (reason) return new StorageUnavailableError(reason, word, { cause: error });
  }
  if (error.name === 'MaxRetriesPerRequestError' || DISCONNECTED_MESSAGES.some((pattern) => pattern.test(error.message))) {
    return new StorageUnavailableError('unreachable', 'connection-closed', { cause: error });
  }
  return undefined;
}
