import { ConflictError, NotFoundError, UnavailableError } from '../errors.js';

/**
 * The errors both Store implementations throw for the same mistakes, so the
 * contract suite can hold them to one behaviour. Messages carry ids only,
 * never personal data.
 */

/** A write referred to an application that does not exist. */
export function applicationNotFound(applicationId: string): NotFoundError {
  return new NotFoundError('application-not-found', `application ${applicationId} does not exist`);
}

/** A record with this id already exists (application, job or certificate). */
export function duplicateRecord(kind: 'application' | 'job' | 'certificate', id: string): ConflictError {
  return new ConflictError(`duplicate-${kind}`, `${kind} ${id} already exists`);
}

/** A pickup code the store network gave for one certificate came back for another. The code itself stays out of the message. */
export function duplicatePickupCode(certificateId: string): ConflictError {
  return new ConflictError('duplicate-pickup-code', `the pickup code for certificate ${certificateId} already belongs to another certificate`);
}

/** `savePickup` takes a pending pickup without a code or a requested one with its code, nothing else. */
export function checkNewPickup(pickup: { status: string; code: string | null }): void {
  const valid = (pickup.status === 'pending' && pickup.code === null) || (pickup.status === 'requested' && pickup.code !== null && pickup.code !== '');
  if (!valid) throw new RangeError(`a saved pickup is pending without a code or requested with one, not ${pickup.status}`);
}

/**
 * Why the store cannot take writes: the disk is full, the file or server is
 * read-only, the file cannot be opened or read back, another process holds
 * the lock past the busy timeout, or the server does not answer or refuses
 * writes while loading or out of memory.
 */
export type StorageFailureReason = 'disk-full' | 'io-error' | 'read-only' | 'cannot-open' | 'locked' | 'unreachable' | 'loading' | 'out-of-memory';

/** Seconds a client is told to wait, by reason: a lock or a reconnect clears sooner than a full disk. */
const RETRY_AFTER_SECONDS: Record<StorageFailureReason, number> = {
  'disk-full': 30,
  'io-error': 30,
  'read-only': 30,
  'cannot-open': 30,
  locked: 2,
  unreachable: 5,
  loading: 5,
  'out-of-memory': 30,
};

/**
 * The store failed in a way no retry of the same request can fix until an
 * operator or the store itself recovers (503 `storage-unavailable` with
 * Retry-After). Nothing of the refused write was kept.
 */
export class StorageUnavailableError extends UnavailableError {
  /** What kind of failure it is; a metric label. */
  readonly reason: StorageFailureReason;
  /** The driver's own code (`SQLITE_FULL`, `ECONNREFUSED`, `READONLY` …), for the log line; never personal data. */
  readonly driverCode: string;

  constructor(reason: StorageFailureReason, driverCode: string, options: { cause?: unknown } = {}) {
    super('storage-unavailable', `the store cannot take writes now (${reason}); nothing was recorded`, RETRY_AFTER_SECONDS[reason], options);
    this.reason = reason;
    this.driverCode = driverCode;
  }
}
