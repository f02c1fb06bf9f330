import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../logger.js';
import { TERMINAL_STATUSES } from '../../retention/retention-end.js';
import { mergeRecord } from '../merge-patch.js';
import { applicationNotFound, checkNewPickup, duplicatePickupCode, duplicateRecord } from '../store-errors.js';
import { waitsOn } from '../waits-on.js';
import type { AuditActor, AuditCheckpoint, AuditEntry, AuditEvent } from '../audit-types.js';
import type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import {
  ClaimTakenError,
  type ApplicationRecord,
  type CallbackReceipt,
  type CertificateRecord,
  type DeliveryRecord,
  type IdempotencyBegin,
  type JobCounts,
  type JobRecord,
  type NewApplication,
  type NewJob,
  type PickupFetch,
  type PickupLock,
  type PickupRecord,
  type PickupUpdate,
  type ReviewQuery,
  type ReviewRecord,
  type ReviewWrite,
  type Store,
  type StoredResponse,
  type TimelineEntry,
} from '../types.js';
import type { StaffSessionRecord, StaffSignInRecord } from '../staff-session-types.js';
import type { FormEventCount, FormEventRecord } from '../form-event-store.js';
import type { AttachmentRecord } from '../attachment-store.js';
import * as attachments from './attachments.js';
import { listFormEventCounts, purgeFormEventSessions, recordFormEvents } from './form-event-writes.js';
import { insertAuditEntry, toAuditCheckpoint, toAuditEntry, type AuditCheckpointRow, type AuditEntryRow } from './audit-rows.js';
import { carryOutDeadLetterRequest, insertDeadLetterRequest, readDeadLetterRequest } from './dead-letter-requests.js';
import { GroupCommit } from './group-commit.js';
import { createSession, deleteSession, getSession, saveSignIn, takeSignIn, touchSession } from './staff-sessions.js';
import { prepared } from './prepared.js';
import { purgeApplicationData } from './purge-application.js';
import { applyMigrations } from './migrations.js';
import { getReviewIn, listReviewsIn, saveReviewIn } from './review-queries.js';
import {
  toApplication,
  toCertificate,
  toDelivery,
  toJob,
  toPickup,
  toPickupLock,
  toStoredResponse,
  toTimelineEntry,
  type ApplicationRow,
  type CertificateRow,
  type DeliveryRow,
  type IdempotencyRow,
  type JobRow,
  type PickupLockRow,
  type PickupRow,
  type TimelineRow,
} from './rows.js';

/** How long a connection waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/** How long the checkpoint after a retention purge waits for other processes before it settles for a partial one. */
const CHECKPOINT_BUSY_TIMEOUT_MS = 200;

/**
 * Jobs a runner may lease now, oldest `runAt` first. Ready and waiting jobs are
 * read in index order and cut at the limit before merging, so a large backlog
 * is never sorted; expired leases are few (their owners died).
 */
const CLAIMABLE_JOBS = `
  SELECT id FROM (
    SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE state = 'ready' AND run_at <= @now ORDER BY run_at, id LIMIT @limit)
    UNION ALL
    SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE state = 'waiting' AND run_at <= @now ORDER BY run_at, id LIMIT @limit)
    UNION ALL
    SELECT id, run_at FROM jobs WHERE state = 'leased' AND lease_until < @now
  ) ORDER BY run_at, id LIMIT @limit`;

/** Dead letters after the cursor job's current `(updatedAt, id)`; an unknown cursor matches nothing. */
const DEAD_LETTERS_AFTER = `
  SELECT * FROM jobs WHERE state = 'dead'
    AND (updated_at, id) > (SELECT updated_at, id FROM jobs WHERE id = @after)
  ORDER BY updated_at, id LIMIT @limit`;

/** Jobs by state: an index search per state, so done jobs are never read. */
const COUNT_JOBS = "SELECT state, COUNT(*) AS count FROM jobs WHERE state IN ('ready', 'leased', 'waiting', 'dead') GROUP BY state";

/** Options for {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; its parent directory is created when missing. */
  path: string;
  logger?: Logger;
}

/**
 * The embedded Store: one SQLite file in WAL mode with `synchronous=FULL`, so
 * every commit is fsync'd before a write's promise resolves.
 *
 * Writes go through {@link GroupCommit}: all writes submitted in one turn of
 * the event loop share one transaction (one fsync), each in its own
 * savepoint. Reads are direct synchronous queries and see committed data only.
 *
 * Semantics (the same as the Redis store; the contract suite checks both):
 * - Times are compared as text: pass `Date.prototype.toISOString()` values.
 * - `createApplication`: all or nothing. The application's status becomes the
 *   status of the last timeline entry given (or stays as given with no
 *   entries). If any claim `(kind, key)` already exists it throws
 *   {@link ClaimTakenError} for that claim and writes nothing. An existing
 *   application id or job id is a `ConflictError` (`duplicate-application`,
 *   `duplicate-job`). With `idempotency`, the matching idempotency record is
 *   marked completed with the response in the same transaction (no-op when
 *   that record no longer exists).
 * - Idempotency records are scoped by `(clientId, key)`. A record is live
 *   while `now < expiresAt`. `beginIdempotent`: no live record → a new
 *   in-flight record, `started`; live record with another request hash →
 *   `mismatch` (in flight or completed); same hash in flight → `in-flight`;
 *   same hash completed → `completed` with the stored response. Two
 *   concurrent begins for one key yield exactly one `started`.
 *   `completeIdempotent` stores the response on an existing record (no-op if
 *   none); `abandonIdempotent` deletes the record only while it is in flight
 *   (a completed response keeps replaying); `purgeExpiredIdempotency` deletes
 *   records with `expiresAt <= now`.
 * - `claimJobs` leases, in `(runAt, id)` order up to `limit`: ready jobs with
 *   `runAt <= now`, leased jobs with `leaseUntil < now` (their owner died)
 *   and waiting jobs whose deadline `runAt <= now`. Claiming sets state
 *   `leased`, the owner and `leaseUntil`; it does not count an attempt.
 * - `extendLease`, `completeJob`, `retryJob`, `waitJob` and `deadLetter`
 *   succeed only while the job is leased by `owner` (an expired lease nobody
 *   has claimed yet still counts as held); otherwise they return false and
 *   change nothing. Each clears the lease except `extendLease`.
 *   `retryJob` counts an attempt, keeps the error and sets `runAt`; `waitJob`
 *   replaces the payload, sets the correlation key and `runAt = deadline`;
 *   `deadLetter` sets state `dead` and `lastError = reason`. `completeJob`
 *   enqueues `next` in the same transaction.
 * - `correlationKey` stays on a job as the last key it waited for; only
 *   jobs in state `waiting` are found by `resumeWaiting`, which makes the
 *   (oldest) one ready now with `payload.reply = reply` if it waits on the
 *   replying system (`waitsOn`); otherwise, and for a second reply, it
 *   returns null.
 * - `releaseLeases` returns the owner's leased jobs to ready, `runAt` unchanged.
 * - Dead letters list in `(updatedAt, id)` order; `after` is the id of the
 *   last job seen and the listing continues after that job's current
 *   `(updatedAt, id)`. `replayDeadLetter`: dead → ready now, attempts 0.
 *   `discardDeadLetter`: dead → done with `lastError = 'discarded: ' + reason`.
 * - `enqueueJob`, `upsertDelivery`, `saveCertificate` and the `next` job of
 *   `completeJob` need an existing application (`application-not-found`).
 * - `updateApplication` shallow-merges each object given into the existing
 *   record, null clears it, an absent key leaves it; unknown id →
 *   `application-not-found`, as for `appendTimeline`.
 * - Deliveries are upserted by `(applicationId, system, messageId)` and
 *   listed in first-insert order. Certificates list by `(issuedAt, id)`;
 *   `saveCertificate` with an existing id is `duplicate-certificate`;
 *   `revokeCertificate` is false when unknown or already revoked.
 * - Pickups are kept one per certificate. `savePickup` takes a pending
 *   pickup (no code) or a requested one (with its code); it replaces a
 *   pending pickup of the same certificate (keeping `createdAt`) and leaves
 *   one past pending unchanged, returning what is stored. A code's pickup
 *   number (first 8 digits) is unique across certificates
 *   (`duplicate-pickup-code`); the application must exist.
 *   `findPickupByNumber` finds a code by its number. `recordWrongCheckPart`
 *   counts a wrong check part and locks the code (`lockedAt`) when the count
 *   reaches `lockAfter`; a lock is for good.
 *   `markPickupFetched`: locked → `locked`; requested and `now < expiresAt` → fetched with
 *   `fetchedAt = now` (`ok`); fetched or printed → `already-fetched`;
 *   expired, or past `expiresAt` → `expired`; no such code → `unknown`.
 *   `updatePickupStatus`: printed and expired are final (`unchanged`);
 *   `printed` needs a fetched pickup (`not-fetched`). `listPickupsDue`
 *   lists pending pickups with `notBefore <= now` by `(notBefore, certificateId)`.
 * - Callback receipts are keyed by `(system, receiptId)` and live while
 *   `now < keepUntil`. `recordCallbackReceipt` first deletes every receipt
 *   expired at `now`, then inserts (`recorded`) or finds a live one
 *   (`duplicate`); `forgetCallbackReceipt` deletes one.
 * - Reviews are kept one per application. `saveReview` applies only while
 *   the stored version equals `expectedVersion` (null: none stored), and
 *   then writes the review, the correction's form and identity, and the
 *   timeline entry (setting the status) together. `listReviews` filters by
 *   wards, procedure, state and overdue, in `(createdAt, applicationId)`
 *   order after the cursor review (an unknown cursor matches nothing).
 * - Every record returned is a fresh object.
 */
export class SqliteStore implements Store {
  private readonly writes: GroupCommit;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    logger?: Logger,
  ) {
    this.writes = new GroupCommit(db, logger);
  }

  createApplication(input: NewApplication): Promise<void> {
    return this.write((db) => {
      const { application, timeline, job, claims, idempotency } = input;
      for (const claim of claims) {
        if (prepared(db, 'SELECT 1 FROM claims WHERE kind = ? AND key = ?').get(claim.kind, claim.key)) {
          throw new ClaimTakenError({ kind: claim.kind, key: claim.key });
        }
      }
      if (prepared(db, 'SELECT 1 FROM applications WHERE id = ?').get(application.id)) throw duplicateRecord('application', application.id);
      const status = timeline.at(-1)?.status ?? application.status;
      prepared(
        db,
        `INSERT INTO applications (id, procedure_id, client_id, status, form, identity, payment, issuance, access_token_hash, created_at, updated_at,
           terminal_at, idempotency_client_id, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        application.id,
        application.procedureId,
        application.clientId,
        status,
        JSON.stringify(application.form),
        jsonOrNull(application.identity),
        jsonOrNull(application.payment),
        jsonOrNull(application.issuance),
        application.accessTokenHash,
        application.createdAt,
        application.updatedAt,
        terminalAt(timeline.at(-1)),
        idempotency?.clientId ?? null,
        idempotency?.key ?? null,
      );
      for (const entry of timeline) insertTimeline(db, application.id, entry);
      requireApplication(db, job.applicationId);
      insertJob(db, job, application.createdAt);
      const insertClaim = prepared(db, 'INSERT OR IGNORE INTO claims (kind, key, application_id) VALUES (?, ?, ?)');
      for (const claim of claims) insertClaim.run(claim.kind, claim.key, application.id);
      if (idempotency) completeIdempotency(db, idempotency.clientId, idempotency.key, idempotency.response, idempotency.expiresAt);
    });
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    const row = prepared(this.db, 'SELECT * FROM applications WHERE id = ?').get(id) as ApplicationRow | undefined;
    return row ? toApplication(row) : null;
  }

  async getTimeline(applicationId: string): Promise<TimelineEntry[]> {
    const rows = prepared(this.db, 'SELECT status, at, source, detail FROM timeline WHERE application_id = ? ORDER BY seq')
      .all(applicationId) as TimelineRow[];
    return rows.map(toTimelineEntry);
  }

  appendTimeline(applicationId: string, entry: TimelineEntry): Promise<void> {
    return this.write((db) => {
      const updated = prepared(db, 'UPDATE applications SET status = ?, updated_at = ?, terminal_at = ? WHERE id = ?').run(
        entry.status,
        entry.at,
        terminalAt(entry),
        applicationId,
      );
      if (updated.changes === 0) throw applicationNotFound(applicationId);
      insertTimeline(db, applicationId, entry);
    });
  }

  updateApplication(id: string, patch: Partial<Pick<ApplicationRecord, 'identity' | 'payment' | 'issuance'>>, now: string): Promise<void> {
    return this.write((db) => {
      const row = prepared(db, 'SELECT * FROM applications WHERE id = ?').get(id) as ApplicationRow | undefined;
      if (!row) throw applicationNotFound(id);
      const current = toApplication(row);
      const merged = (field: 'identity' | 'payment' | 'issuance') => {
        const value = patch[field];
        if (value === undefined) return current[field];
        return value === null ? null : mergeRecord(current[field], value);
      };
      prepared(db, 'UPDATE applications SET identity = ?, payment = ?, issuance = ?, updated_at = ? WHERE id = ?').run(
        jsonOrNull(merged('identity')),
        jsonOrNull(merged('payment')),
        jsonOrNull(merged('issuance')),
        now,
        id,
      );
    });
  }

  beginIdempotent(clientId: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<IdempotencyBegin> {
    return this.write((db): IdempotencyBegin => {
      const row = prepared(db, 'SELECT request_hash, state, response, expires_at FROM idempotency WHERE client_id = ? AND key = ?')
        .get(clientId, key) as IdempotencyRow | undefined;
      if (row && now < row.expires_at) {
        if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
        if (row.state === 'completed' && row.response !== null) return { outcome: 'completed', response: toStoredResponse(row.response) };
        return { outcome: 'in-flight' };
      }
      prepared(
        db,
        `INSERT INTO idempotency (client_id, key, request_hash, state, response, created_at, expires_at)
         VALUES (?, ?, ?, 'in-flight', NULL, ?, ?)
         ON CONFLICT (client_id, key) DO UPDATE SET
           request_hash = excluded.request_hash, state = 'in-flight', response = NULL,
           created_at = excluded.created_at, expires_at = excluded.expires_at`,
      ).run(clientId, key, requestHash, now, expiresAt);
      return { outcome: 'started' };
    });
  }

  completeIdempotent(clientId: string, key: string, response: StoredResponse, expiresAt?: string): Promise<void> {
    return this.write((db) => completeIdempotency(db, clientId, key, response, expiresAt));
  }

  abandonIdempotent(clientId: string, key: string): Promise<void> {
    return this.write((db) => {
      prepared(db, "DELETE FROM idempotency WHERE client_id = ? AND key = ? AND state = 'in-flight'").run(clientId, key);
    });
  }

  purgeExpiredIdempotency(now: string): Promise<number> {
    return this.write((db) => prepared(db, 'DELETE FROM idempotency WHERE expires_at <= ?').run(now).changes);
  }

  enqueueJob(job: NewJob, now: string): Promise<void> {
    return this.write((db) => {
      requireApplication(db, job.applicationId);
      insertJob(db, job, now);
    });
  }

  claimJobs(owner: string, now: string, leaseUntil: string, limit: number): Promise<JobRecord[]> {
    return this.write((db) => {
      if (limit <= 0) return [];
      const ids = prepared(db, CLAIMABLE_JOBS).pluck().all({ now, limit }) as string[];
      const lease = prepared(db, "UPDATE jobs SET state = 'leased', lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ? RETURNING *");
      return ids.map((id) => toJob(lease.get(owner, leaseUntil, now, id) as JobRow));
    });
  }

  extendLease(jobId: string, owner: string, leaseUntil: string): Promise<boolean> {
    return this.write((db) => leased(db, 'UPDATE jobs SET lease_until = ?', [leaseUntil], jobId, owner));
  }

  completeJob(jobId: string, owner: string, now: string, next?: NewJob): Promise<boolean> {
    return this.write((db) => {
      const done = leased(db, "UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ?", [now], jobId, owner);
      if (done && next) {
        requireApplication(db, next.applicationId);
        insertJob(db, next, now);
      }
      return done;
    });
  }

  retryJob(jobId: string, owner: string, now: string, runAt: string, error: string): Promise<boolean> {
    return this.write((db) =>
      leased(
        db,
        "UPDATE jobs SET state = 'ready', attempts = attempts + 1, last_error = ?, run_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?",
        [error, runAt, now],
        jobId,
        owner,
      ),
    );
  }

  waitJob(jobId: string, owner: string, now: string, correlationKey: string, deadline: string, payload: Record<string, unknown>): Promise<boolean> {
    return this.write((db) =>
      leased(
        db,
        "UPDATE jobs SET state = 'waiting', correlation_key = ?, run_at = ?, payload = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?",
        [correlationKey, deadline, JSON.stringify(payload), now],
        jobId,
        owner,
      ),
    );
  }

  resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>, now: string): Promise<JobRecord | null> {
    return this.write((db) => {
      const row = prepared(db, "SELECT * FROM jobs WHERE state = 'waiting' AND correlation_key = ? ORDER BY updated_at, id LIMIT 1")
        .get(correlationKey) as JobRow | undefined;
      if (!row) return null;
      const stored = JSON.parse(row.payload) as Record<string, unknown>;
      if (!waitsOn(stored, system)) return null;
      const payload = { ...stored, reply };
      const resumed = prepared(db, "UPDATE jobs SET state = 'ready', run_at = ?, payload = ?, updated_at = ? WHERE id = ? RETURNING *")
        .get(now, JSON.stringify(payload), now, row.id) as JobRow;
      return toJob(resumed);
    });
  }

  deadLetter(jobId: string, owner: string, now: string, reason: string): Promise<boolean> {
    return this.write((db) =>
      leased(db, "UPDATE jobs SET state = 'dead', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?", [reason, now], jobId, owner),
    );
  }

  releaseLeases(owner: string, now: string): Promise<number> {
    return this.write(
      (db) =>
        prepared(db, "UPDATE jobs SET state = 'ready', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE state = 'leased' AND lease_owner = ?")
          .run(now, owner).changes,
    );
  }

  async getJob(jobId: string): Promise<JobRecord | null> {
    const row = prepared(this.db, 'SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async listJobs(applicationId: string): Promise<JobRecord[]> {
    const rows = prepared(this.db, 'SELECT * FROM jobs WHERE application_id = ? ORDER BY step, created_at, id').all(applicationId) as JobRow[];
    return rows.map(toJob);
  }

  async listDeadLetters(limit: number, after?: string): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const rows = (
      after === undefined
        ? prepared(this.db, "SELECT * FROM jobs WHERE state = 'dead' ORDER BY updated_at, id LIMIT ?").all(limit)
        : prepared(this.db, DEAD_LETTERS_AFTER).all({ after, limit })
    ) as JobRow[];
    return rows.map(toJob);
  }

  replayDeadLetter(jobId: string, now: string, audit?: AuditEvent): Promise<boolean> {
    return this.write((db) =>
      audited(
        db,
        prepared(db, "UPDATE jobs SET state = 'ready', attempts = 0, run_at = ?, updated_at = ? WHERE id = ? AND state = 'dead'").run(now, now, jobId).changes === 1,
        audit,
      ),
    );
  }

  discardDeadLetter(jobId: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return this.write((db) =>
      audited(
        db,
        prepared(db, "UPDATE jobs SET state = 'done', last_error = ?, updated_at = ? WHERE id = ? AND state = 'dead'").run(`discarded: ${reason}`, now, jobId)
          .changes === 1,
        audit,
      ),
    );
  }

  requestDeadLetterAction(request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome> {
    return this.write((db) => insertDeadLetterRequest(db, request, audit));
  }

  async getDeadLetterRequest(jobId: string): Promise<DeadLetterRequest | null> {
    return readDeadLetterRequest(this.db, jobId);
  }

  approveDeadLetterAction(request: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): Promise<DeadLetterApproval> {
    return this.write((db) => carryOutDeadLetterRequest(db, request, approver, now, audit));
  }

  async countJobs(): Promise<JobCounts> {
    const counts: JobCounts = { ready: 0, leased: 0, waiting: 0, dead: 0 };
    const rows = prepared(this.db, COUNT_JOBS).all() as { state: keyof JobCounts; count: number }[];
    for (const { state, count } of rows) counts[state] = count;
    return counts;
  }

  upsertDelivery(delivery: DeliveryRecord, audit?: AuditEvent): Promise<void> {
    return this.write((db) => {
      requireApplication(db, delivery.applicationId);
      prepared(
        db,
        `INSERT INTO deliveries (application_id, system, message_id, state, attempts, last_error, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (application_id, system, message_id) DO UPDATE SET
           state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error, updated_at = excluded.updated_at`,
      ).run(delivery.applicationId, delivery.system, delivery.messageId, delivery.state, delivery.attempts, delivery.lastError, delivery.updatedAt);
      if (audit) insertAuditEntry(db, audit);
    });
  }

  async listDeliveries(applicationId: string): Promise<DeliveryRecord[]> {
    const rows = prepared(this.db, 'SELECT * FROM deliveries WHERE application_id = ? ORDER BY rowid').all(applicationId) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  saveCertificate(certificate: CertificateRecord): Promise<void> {
    return this.write((db) => {
      requireApplication(db, certificate.applicationId);
      if (prepared(db, 'SELECT 1 FROM certificates WHERE id = ?').get(certificate.id)) throw duplicateRecord('certificate', certificate.id);
      prepared(
        db,
        `INSERT INTO certificates (id, application_id, type, document, document_hash, signature, issued_at, revoked_at, revocation_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        certificate.id,
        certificate.applicationId,
        certificate.type,
        certificate.document,
        certificate.documentHash,
        certificate.signature,
        certificate.issuedAt,
        certificate.revokedAt,
        certificate.revocationReason,
      );
    });
  }

  async getCertificate(id: string): Promise<CertificateRecord | null> {
    const row = prepared(this.db, 'SELECT * FROM certificates WHERE id = ?').get(id) as CertificateRow | undefined;
    return row ? toCertificate(row) : null;
  }

  async listCertificates(applicationId: string): Promise<CertificateRecord[]> {
    const rows = prepared(this.db, 'SELECT * FROM certificates WHERE application_id = ? ORDER BY issued_at, id').all(applicationId) as CertificateRow[];
    return rows.map(toCertificate);
  }

  revokeCertificate(id: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return this.write((db) =>
      audited(
        db,
        prepared(db, 'UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE id = ? AND revoked_at IS NULL').run(now, reason, id).changes === 1,
        audit,
      ),
    );
  }

  savePickup(pickup: PickupRecord): Promise<PickupRecord> {
    return this.write((db) => {
      checkNewPickup(pickup);
      requireApplication(db, pickup.applicationId);
      const stored = prepared(db, 'SELECT * FROM pickups WHERE certificate_id = ?').get(pickup.certificateId) as PickupRow | undefined;
      if (stored && stored.status !== 'pending') return toPickup(stored);
      if (pickup.code !== null) {
        const other = prepared(db, 'SELECT 1 FROM pickups WHERE substr(code, 1, 8) = substr(?, 1, 8) AND certificate_id <> ?')
          .pluck()
          .get(pickup.code, pickup.certificateId);
        if (other !== undefined) throw duplicatePickupCode(pickup.certificateId);
      }
      const saved = prepared(
        db,
        `INSERT INTO pickups (certificate_id, code, application_id, request_id, certificate_type, copies, fee, expires_at, status, not_before, fetched_at, created_at, updated_at)
         VALUES (@certificateId, @code, @applicationId, @requestId, @certificateType, @copies, @fee, @expiresAt, @status, @notBefore, @fetchedAt, @createdAt, @updatedAt)
         ON CONFLICT (certificate_id) DO UPDATE SET
           code = excluded.code, application_id = excluded.application_id, request_id = excluded.request_id,
           certificate_type = excluded.certificate_type, copies = excluded.copies, fee = excluded.fee, expires_at = excluded.expires_at,
           status = excluded.status, not_before = excluded.not_before, fetched_at = excluded.fetched_at, updated_at = excluded.updated_at
         RETURNING *`,
      ).get({ ...pickup }) as PickupRow;
      return toPickup(saved);
    });
  }

  async getPickup(code: string): Promise<PickupRecord | null> {
    const row = prepared(this.db, 'SELECT * FROM pickups WHERE code = ?').get(code) as PickupRow | undefined;
    return row ? toPickup(row) : null;
  }

  async getPickupByCertificate(certificateId: string): Promise<PickupRecord | null> {
    const row = prepared(this.db, 'SELECT * FROM pickups WHERE certificate_id = ?').get(certificateId) as PickupRow | undefined;
    return row ? toPickup(row) : null;
  }

  async findPickupByNumber(pickupNumber: string): Promise<PickupRecord | null> {
    const row = prepared(this.db, 'SELECT * FROM pickups WHERE substr(code, 1, 8) = ? ORDER BY created_at DESC LIMIT 1').get(pickupNumber) as PickupRow | undefined;
    return row ? toPickup(row) : null;
  }

  recordWrongCheckPart(certificateId: string, now: string, lockAfter: number): Promise<PickupLock> {
    return this.write((db): PickupLock => {
      const known = prepared(db, 'SELECT 1 FROM pickups WHERE certificate_id = ?').pluck().get(certificateId);
      if (known === undefined) return { wrongCheckParts: 0, lockedAt: null };
      const row = prepared(
        db,
        `INSERT INTO pickup_locks (certificate_id, wrong_check_parts, locked_at) VALUES (@certificateId, 1, CASE WHEN 1 >= @lockAfter THEN @now END)
         ON CONFLICT (certificate_id) DO UPDATE SET
           wrong_check_parts = wrong_check_parts + 1,
           locked_at = coalesce(locked_at, CASE WHEN wrong_check_parts + 1 >= @lockAfter THEN @now END)
         RETURNING wrong_check_parts, locked_at`,
      ).get({ certificateId, now, lockAfter }) as PickupLockRow;
      return toPickupLock(row);
    });
  }

  async getPickupLock(certificateId: string): Promise<PickupLock> {
    const row = prepared(this.db, 'SELECT wrong_check_parts, locked_at FROM pickup_locks WHERE certificate_id = ?').get(certificateId) as PickupLockRow | undefined;
    return row ? toPickupLock(row) : { wrongCheckParts: 0, lockedAt: null };
  }

  markPickupFetched(code: string, now: string): Promise<PickupFetch> {
    return this.write((db): PickupFetch => {
      const row = prepared(
        db,
        'SELECT status, expires_at, locked_at FROM pickups LEFT JOIN pickup_locks USING (certificate_id) WHERE code = ?',
      ).get(code) as (Pick<PickupRow, 'status' | 'expires_at'> & Pick<PickupLockRow, 'locked_at'>) | undefined;
      if (!row) return 'unknown';
      if (row.locked_at !== null) return 'locked';
      if (row.status === 'fetched' || row.status === 'printed') return 'already-fetched';
      if (row.status !== 'requested' || now >= row.expires_at) return 'expired';
      prepared(db, "UPDATE pickups SET status = 'fetched', fetched_at = ?, updated_at = ? WHERE code = ?").run(now, now, code);
      return 'ok';
    });
  }

  updatePickupStatus(code: string, status: 'printed' | 'expired', now: string): Promise<PickupUpdate> {
    return this.write((db): PickupUpdate => {
      const current = prepared(db, 'SELECT status FROM pickups WHERE code = ?').pluck().get(code) as PickupRow['status'] | undefined;
      if (current === undefined) return 'unknown';
      if (current === 'printed' || current === 'expired') return 'unchanged';
      if (status === 'printed' && current !== 'fetched') return 'not-fetched';
      prepared(db, 'UPDATE pickups SET status = ?, updated_at = ? WHERE code = ?').run(status, now, code);
      return 'updated';
    });
  }

  async listPickupsDue(now: string, limit: number): Promise<PickupRecord[]> {
    if (limit <= 0) return [];
    const rows = prepared(this.db, "SELECT * FROM pickups WHERE status = 'pending' AND not_before <= ? ORDER BY not_before, certificate_id LIMIT ?")
      .all(now, limit) as PickupRow[];
    return rows.map(toPickup);
  }

  async listRetentionEnded(procedureId: string, terminalBefore: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return prepared(
      this.db,
      `SELECT id FROM applications WHERE procedure_id = ? AND terminal_at IS NOT NULL AND terminal_at <= ? AND purged_at IS NULL
       ORDER BY terminal_at, id LIMIT ?`,
    )
      .pluck()
      .all(procedureId, terminalBefore, limit) as string[];
  }

  purgeApplication(id: string, terminalBefore: string, now: string): Promise<boolean> {
    return this.write((db) => purgeApplicationData(db, id, terminalBefore, now));
  }

  async compactAfterPurge(): Promise<void> {
    if (this.closed) return;
    // Between group commits no transaction is open here. Another process busy on the file makes the checkpoint
    // partial rather than block this event loop for the whole busy timeout; the next purge run finishes it.
    this.db.pragma(`busy_timeout = ${CHECKPOINT_BUSY_TIMEOUT_MS}`);
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  saveStaffSignIn(signIn: StaffSignInRecord): Promise<void> {
    return this.write((db) => saveSignIn(db, signIn));
  }

  takeStaffSignIn(id: string, now: string): Promise<StaffSignInRecord | null> {
    return this.write((db) => takeSignIn(db, id, now));
  }

  createStaffSession(session: StaffSessionRecord): Promise<boolean> {
    return this.write((db) => createSession(db, session));
  }

  async getStaffSession(id: string, now: string): Promise<StaffSessionRecord | null> {
    return getSession(this.db, id, now);
  }

  touchStaffSession(id: string, now: string, idleExpiresAt: string): Promise<boolean> {
    return this.write((db) => touchSession(db, id, now, idleExpiresAt));
  }

  deleteStaffSession(id: string): Promise<boolean> {
    return this.write((db) => deleteSession(db, id));
  }

  recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt> {
    return this.write((db): CallbackReceipt => {
      prepared(db, 'DELETE FROM callback_receipts WHERE keep_until <= ?').run(now);
      const inserted = prepared(db, 'INSERT INTO callback_receipts (system, receipt_id, received_at, keep_until) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(
        system,
        receiptId,
        now,
        keepUntil,
      ).changes;
      return inserted === 1 ? 'recorded' : 'duplicate';
    });
  }

  forgetCallbackReceipt(system: string, receiptId: string): Promise<void> {
    return this.write((db) => {
      prepared(db, 'DELETE FROM callback_receipts WHERE system = ? AND receipt_id = ?').run(system, receiptId);
    });
  }

  recordFormEvents(events: readonly FormEventRecord[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.write((db) => recordFormEvents(db, events));
  }

  async listFormEventCounts(procedureId: string, fromDay: string, toDay: string): Promise<FormEventCount[]> {
    return listFormEventCounts(this.db, procedureId, fromDay, toDay);
  }

  purgeFormEventSessions(startedBefore: string): Promise<number> {
    return this.write((db) => purgeFormEventSessions(db, startedBefore));
  }

  saveAttachment(record: AttachmentRecord): Promise<void> {
    return this.write((db) => attachments.saveAttachment(db, record));
  }

  async getAttachment(id: string): Promise<AttachmentRecord | null> {
    return attachments.getAttachment(this.db, id);
  }

  markAttachmentsReferenced(ids: readonly string[], applicationId: string): Promise<void> {
    return this.write((db) => attachments.markAttachmentsReferenced(db, ids, applicationId));
  }

  purgeExpiredAttachments(now: string, limit: number): Promise<AttachmentRecord[]> {
    return this.write((db) => attachments.purgeExpiredAttachments(db, now, limit));
  }

  async isDigestReferenced(sha256: string): Promise<boolean> {
    return attachments.isDigestReferenced(this.db, sha256);
  }

  appendAudit(event: AuditEvent): Promise<AuditEntry> {
    return this.write((db) => insertAuditEntry(db, event));
  }

  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const rows = prepared(this.db, 'SELECT * FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as AuditEntryRow[];
    return rows.map(toAuditEntry);
  }

  async listAuditBetween(from: string, to: string): Promise<AuditEntry[]> {
    const rows = prepared(this.db, 'SELECT * FROM audit_entries WHERE at >= ? AND at < ? ORDER BY seq').all(from, to) as AuditEntryRow[];
    return rows.map(toAuditEntry);
  }

  saveAuditCheckpoint(checkpoint: AuditCheckpoint): Promise<boolean> {
    return this.write(
      (db) =>
        prepared(db, 'INSERT INTO audit_checkpoints (day, seq, hash, signed_at, signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO NOTHING').run(
          checkpoint.day,
          checkpoint.seq,
          checkpoint.hash,
          checkpoint.signedAt,
          checkpoint.signature,
        ).changes === 1,
    );
  }

  async listAuditCheckpoints(): Promise<AuditCheckpoint[]> {
    const rows = prepared(this.db, 'SELECT * FROM audit_checkpoints ORDER BY day').all() as AuditCheckpointRow[];
    return rows.map(toAuditCheckpoint);
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  probeWrite(now: string): Promise<void> {
    return this.write((db) => {
      prepared(db, 'INSERT INTO store_probe (id, written_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at').run(now);
    });
  }

  /** Commits every write already submitted, then closes the file. Later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.drain();
    this.db.close();
  }

  saveReview(write: ReviewWrite): Promise<boolean> {
    return this.write((db) => {
      const saved = saveReviewIn(db, write);
      if (saved && write.audit) insertAuditEntry(db, write.audit);
      return saved;
    });
  }

  async getReview(applicationId: string): Promise<ReviewRecord | null> {
    return getReviewIn(this.db, applicationId);
  }

  async listReviews(query: ReviewQuery): Promise<ReviewRecord[]> {
    return listReviewsIn(this.db, query);
  }

  private write<T>(operation: (db: Database.Database) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.writes.submit(operation);
  }
}

/**
 * Opens (creating when missing) the SQLite store at `options.path`, applies
 * pending schema migrations, and returns it ready for use. Throws a
 * `ConfigurationError` when the file was written by a newer schema.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // Deleted and overwritten values are zeroed in the file, so a retention purge leaves nothing behind in free space.
    db.pragma('secure_delete = ON');
    applyMigrations(db, options.path, undefined, options.logger);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteStore(db, options.logger);
}

function jsonOrNull(value: Record<string, unknown> | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function requireApplication(db: Database.Database, applicationId: string): void {
  if (!prepared(db, 'SELECT 1 FROM applications WHERE id = ?').get(applicationId)) throw applicationNotFound(applicationId);
}

/** The terminal time an application gets from its latest timeline entry: that entry's time when it set a terminal status. */
function terminalAt(latest: TimelineEntry | undefined): string | null {
  return latest !== undefined && TERMINAL_STATUSES.has(latest.status) ? latest.at : null;
}

function insertTimeline(db: Database.Database, applicationId: string, entry: TimelineEntry): void {
  prepared(db, 'INSERT INTO timeline (application_id, status, at, source, detail) VALUES (?, ?, ?, ?, ?)').run(
    applicationId,
    entry.status,
    entry.at,
    entry.source,
    entry.detail,
  );
}

function insertJob(db: Database.Database, job: NewJob, now: string): void {
  if (prepared(db, 'SELECT 1 FROM jobs WHERE id = ?').get(job.id)) throw duplicateRecord('job', job.id);
  prepared(
    db,
    `INSERT INTO jobs (id, application_id, step, name, state, payload, attempts, run_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'ready', ?, 0, ?, ?, ?)`,
  ).run(job.id, job.applicationId, job.step, job.name, JSON.stringify(job.payload), job.runAt, now, now);
}

function completeIdempotency(db: Database.Database, clientId: string, key: string, response: StoredResponse, expiresAt: string | undefined): void {
  prepared(db, "UPDATE idempotency SET state = 'completed', response = ?, expires_at = COALESCE(?, expires_at) WHERE client_id = ? AND key = ?").run(
    JSON.stringify(response),
    expiresAt ?? null,
    clientId,
    key,
  );
}

/** Appends `audit` when the change it records happened, in the same transaction. */
function audited(db: Database.Database, changed: boolean, audit: AuditEvent | undefined): boolean {
  if (changed && audit) insertAuditEntry(db, audit);
  return changed;
}

/** Runs a lease-checked update: applies only while the job is leased by `owner`. */
function leased(db: Database.Database, update: string, values: unknown[], jobId: string, owner: string): boolean {
  return prepared(db, `${update} WHERE id = ? AND state = 'leased' AND lease_owner = ?`).run(...values, jobId, owner).changes === 1;
}
