import { ConflictError, NotFoundError } from '../errors.js';

/**
 * The errors both Store implementations throw for the same mistakes, so the
 * contract suite can hold them to one behaviour. Messages carry ids only,
 * never personal data.
 */

/** A write referred to an application that does not exist. */
export function applicationNotFound(applicationId: string): NotFoundError {
  return new NotFoundError('application-not-found', 'Application not found', `application ${applicationId} does not exist`);
}

/** A record with this id already exists (application, job or certificate). */
export function duplicateRecord(kind: 'application' | 'job' | 'certificate', id: string): ConflictError {
  return new ConflictError(`duplicate-${kind}`, `Duplicate ${kind}`, `${kind} ${id} already exists`);
}

/** A pickup code the store network gave for one certificate came back for another. The code itself stays out of the message. */
export function duplicatePickupCode(certificateId: string): ConflictError {
  return new ConflictError('duplicate-pickup-code', 'Duplicate pickup code', `the pickup code for certificate ${certificateId} already belongs to another certificate`);
}

/** `savePickup` takes a pending pickup without a code or a requested one with its code, nothing else. */
export function checkNewPickup(pickup: { status: string; code: string | null }): void {
  const valid = (pickup.status === 'pending' && pickup.code === null) || (pickup.status === 'requested' && pickup.code !== null && pickup.code !== '');
  if (!valid) throw new RangeError(`a saved pickup is pending without a code or requested with one, not ${pickup.status}`);
}
