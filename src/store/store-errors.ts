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
