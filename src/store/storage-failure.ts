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
