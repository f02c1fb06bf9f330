import type { Redis } from 'ioredis';
import { chainAuditEntry, EMPTY_HEAD } from '../../audit/audit-chain.js';
import { UnavailableError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { TERMINAL_STATUSES } from '../../retention/retention-end.js';
import type { AuditActor, AuditCheckpoint, AuditEntry, AuditEvent } from '../audit-types.js';
import type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import { mergeRecord } from '../merge-patch.js';
import { applicationNotFound, checkNewPickup, duplicatePickupCode, duplicateRecord } from '../store-errors.js';
import { waitsOn } from '../waits-on.js';
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
import { APPLICATION_FIELDS, appendTimelineScript, createApplicationScript, updateApplicationScript } from './application-scripts.js';
import {
  applicationFromHash,
  certificateFromHash,
  certificateToPairs,
  compareBytes,
  hashFromArray,
  jobFromHash,
  pickupFromHash,
  pickupToPairs,
  type Hash,
} from './hash-records.js';
import {
  abandonIdempotentScript,
  beginIdempotentScript,
  completeIdempotentScript,
  purgeExpiredIdempotencyScript,
} from './idempotency-scripts.js';
import {
  claimJobsScript,
  completeJobScript,
  countJobsScript,
  deadLetterScript,
  discardDeadLetterScript,
  enqueueJobScript,
  extendLeaseScript,
  listDeadLettersScript,
  releaseLeasesScript,
  replayDeadLetterScript,
  resumeWaitingScript,
  retryJobScript,
  waitJobScript,
} from './job-scripts.js';
import { recordCallbackReceiptScript } from './callback-receipt-scripts.js';
import { TIME_TO_SUBMIT_BOUNDS_SECONDS } from '../../form-events/time-to-submit.js';
import { FORM_EVENT_SESSION_TTL_SECONDS, type FormEventCount, type FormEventRecord } from '../form-event-store.js';
import { daysBetween, readFormEventCounts } from './form-event-counts.js';
import { recordFormEventsScript } from './form-event-scripts.js';
import { appendAuditScript, saveAuditCheckpointScript } from './audit-scripts.js';
import { approveDeadLetterActionScript, requestDeadLetterActionScript } from './dead-letter-request-scripts.js';
import { compositeField, redisKeys, type RedisKeys } from './keys.js';
import type { LuaScript } from './lua-script.js';
import { markPickupFetchedScript, recordWrongCheckPartScript, savePickupScript, updatePickupStatusScript } from './pickup-scripts.js';
import { purgeApplicationScript } from './purge-script.js';
import { purgedReview } from './purged-review.js';
import { backfillRetentionIndex } from './retention-backfill.js';
import { saveReviewScript } from './review-scripts.js';
import { revokeCertificateScript, saveCertificateScript, upsertDeliveryScript } from './record-scripts.js';
import type { StaffSessionRecord, StaffSignInRecord } from '../staff-session-types.js';
import { RedisStaffSessions } from './staff-sessions.js';
import type { AttachmentRecord } from '../attachment-store.js';
import { RedisAttachments } from './attachments.js';

/** How often a compare-and-set write re-reads and retries before giving up under contention. */
const COMPARE_AND_SET_ATTEMPTS = 50;

/** Options for {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connected (or connecting) ioredis client. The store owns it: `close()` quits it. */
  redis: Redis;
  /** Every key the store touches starts with this, e.g. `kakehashi:`. */
  prefix: string;
  logger?: Logger;
}

/**
 * The scaled-out Store: several gateway processes share one Redis.
 *
 * Atomicity: every write that touches more than one key is one Lua script
 * (EVALSHA), which Redis runs without interleaving: `createApplication`
 * checks every claim, the application id and the job id before writing
 * anything; `beginIdempotent`, `claimJobs` and each lease-checked transition
 * are single scripts. The two writes that merge JSON (`updateApplication`,
 * `resumeWaiting`) merge in TypeScript (Lua's cjson would alter numbers and
 * empty arrays) and commit with a compare-and-set script that applies only
 * if the stored value is still the one merged into, retrying otherwise.
 *
 * Durability: a write resolves when Redis has executed it. Whether it is on
 * disk then is decided by the SERVER's persistence, not by this code: only
 * with `appendonly yes` and `appendfsync always` does Redis fsync its
 * append-only file before it answers, which gives the same guarantee as the
 * SQLite store. With `everysec` up to a second of acknowledged writes can be
 * lost on a crash; with persistence off, everything. This store calls
 * neither `WAIT` (replicas) nor anything else to pretend otherwise; at
 * creation it logs a warning when the server reports AOF disabled.
 *
 * Layout: see `keys.ts`. Keys are built inside the scripts from the prefix,
 * so this store needs a single Redis (standalone or Sentinel), not Cluster.
 *
 * Semantics are those of the SQLite store (see `SqliteStore`), checked by
 * the same contract suite. Times must be `Date.prototype.toISOString()`
 * strings: ordering and expiry use their millisecond values.
 */
export class RedisStore implements Store {
  private readonly keys: RedisKeys;
  /** Whether this process saw the retention index complete (see `backfillRetentionIndex`). */
  private retentionIndexed = false;
  private readonly staffSessions: RedisStaffSessions;
  private readonly attachments: RedisAttachments;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {
    this.keys = redisKeys(prefix);
    this.staffSessions = new RedisStaffSessions(redis, this.keys, (script, args) => this.run(script, args));
    this.attachments = new RedisAttachments(redis, prefix);
  }

  async createApplication(input: NewApplication): Promise<void> {
    const { application, timeline, job, claims, idempotency } = input;
    const record: Record<(typeof APPLICATION_FIELDS)[number], string> = {
      ...application,
      status: timeline.at(-1)?.status ?? application.status,
      form: JSON.stringify(application.form),
      identity: JSON.stringify(application.identity),
      payment: JSON.stringify(application.payment),
      issuance: JSON.stringify(application.issuance),
    };
    const result = await this.run(createApplicationScript, [
      ...APPLICATION_FIELDS.map((field) => record[field]),
      timeline.length,
      ...timeline.map(timelineJson),
      ...newJobArgs(job),
      claims.length,
      ...claims.map((claim) => compositeField(claim.kind, claim.key)),
      idempotency ? compositeField(idempotency.clientId, idempotency.key) : '',
      idempotency ? JSON.stringify(idempotency.response) : '',
      idempotency?.expiresAt ?? '',
      idempotency?.expiresAt ? millis(idempotency.expiresAt) : '',
      terminalMillis(timeline.at(-1)),
    ]);
    if (Array.isArray(result)) {
      const claim = claims[Number(result[1]) - 1];
      if (claim) throw new ClaimTakenError({ kind: claim.kind, key: claim.key });
    }
    if (result === 'duplicate-application') throw duplicateRecord('application', application.id);
    throwJobProblem(result, job);
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    const hash = await this.redis.hgetall(this.keys.application(id));
    return hash.id === undefined ? null : applicationFromHash(hash);
  }

  async getTimeline(applicationId: string): Promise<TimelineEntry[]> {
    const entries = await this.redis.lrange(this.keys.timeline(applicationId), 0, -1);
    return entries.map((entry) => JSON.parse(entry) as TimelineEntry);
  }

  async appendTimeline(applicationId: string, entry: TimelineEntry): Promise<void> {
    const appended = await this.run(appendTimelineScript, [applicationId, entry.status, entry.at, timelineJson(entry), terminalMillis(entry)]);
    if (appended === 0) throw applicationNotFound(applicationId);
  }

  async updateApplication(id: string, patch: Partial<Pick<ApplicationRecord, 'identity' | 'payment' | 'issuance'>>, now: string): Promise<void> {
    await this.compareAndSet(async () => {
      const stored = await this.redis.hmget(this.keys.application(id), 'identity', 'payment', 'issuance');
      if (stored[0] === null || stored[0] === undefined) throw applicationNotFound(id);
      const current = stored.map((value) => value ?? 'null');
      const merged = (['identity', 'payment', 'issuance'] as const).map((field, index) => {
        const value = patch[field];
        const old = current[index] ?? 'null';
        if (value === undefined) return old;
        return JSON.stringify(value === null ? null : mergeRecord(JSON.parse(old) as Record<string, unknown> | null, value));
      });
      const applied = await this.run(updateApplicationScript, [id, ...current, ...merged, now]);
      if (applied === -1) throw applicationNotFound(id);
      return applied === 1 ? true : undefined;
    });
  }

  async beginIdempotent(clientId: string, key: string, requestHash: string, now: string, expiresAt: string): Promise<IdempotencyBegin> {
    const result = await this.run(beginIdempotentScript, [
      compositeField(clientId, key),
      requestHash,
      millis(now),
      millis(expiresAt),
      now,
      expiresAt,
    ]);
    if (Array.isArray(result)) return { outcome: 'completed', response: JSON.parse(String(result[1])) as StoredResponse };
    return { outcome: result as 'started' | 'in-flight' | 'mismatch' };
  }

  async completeIdempotent(clientId: string, key: string, response: StoredResponse, expiresAt?: string): Promise<void> {
    await this.run(completeIdempotentScript, [compositeField(clientId, key), JSON.stringify(response), expiresAt ?? '', expiresAt ? millis(expiresAt) : '']);
  }

  async abandonIdempotent(clientId: string, key: string): Promise<void> {
    await this.run(abandonIdempotentScript, [compositeField(clientId, key)]);
  }

  async purgeExpiredIdempotency(now: string): Promise<number> {
    return Number(await this.run(purgeExpiredIdempotencyScript, [millis(now)]));
  }

  async enqueueJob(job: NewJob, now: string): Promise<void> {
    throwJobProblem(await this.run(enqueueJobScript, [...newJobArgs(job), now]), job);
  }

  async claimJobs(owner: string, now: string, leaseUntil: string, limit: number): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const claimed = (await this.run(claimJobsScript, [owner, millis(now), now, leaseUntil, millis(leaseUntil), limit])) as unknown[];
    return claimed.map((reply) => jobFromHash(hashFromArray(reply)));
  }

  async extendLease(jobId: string, owner: string, leaseUntil: string): Promise<boolean> {
    return (await this.run(extendLeaseScript, [jobId, owner, leaseUntil, millis(leaseUntil)])) === 1;
  }

  async completeJob(jobId: string, owner: string, now: string, next?: NewJob): Promise<boolean> {
    const result = await this.run(completeJobScript, [jobId, owner, now, next ? '1' : '0', ...(next ? newJobArgs(next) : [])]);
    if (next) throwJobProblem(result, next);
    return result === 1;
  }

  async retryJob(jobId: string, owner: string, now: string, runAt: string, error: string): Promise<boolean> {
    return (await this.run(retryJobScript, [jobId, owner, now, runAt, millis(runAt), error])) === 1;
  }

  async waitJob(jobId: string, owner: string, now: string, correlationKey: string, deadline: string, payload: Record<string, unknown>): Promise<boolean> {
    const args = [jobId, owner, now, correlationKey, deadline, millis(deadline), JSON.stringify(payload)];
    return (await this.run(waitJobScript, args)) === 1;
  }

  async resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>, now: string): Promise<JobRecord | null> {
    return this.compareAndSet(async () => {
      const [oldest] = await this.redis.zrange(this.keys.correlation(correlationKey), '0', '0');
      if (oldest === undefined) return null;
      const jobId = oldest.slice(oldest.indexOf('\0') + 1);
      const payload = await this.redis.hget(this.keys.job(jobId), 'payload');
      if (payload === null) return undefined;
      const stored = JSON.parse(payload) as Record<string, unknown>;
      // The script applies only while the payload is unchanged, so this check holds at the write.
      if (!waitsOn(stored, system)) return null;
      const merged = JSON.stringify({ ...stored, reply });
      const resumed = await this.run(resumeWaitingScript, [jobId, correlationKey, payload, merged, now, millis(now)]);
      return Array.isArray(resumed) ? jobFromHash(hashFromArray(resumed)) : undefined;
    });
  }

  async deadLetter(jobId: string, owner: string, now: string, reason: string): Promise<boolean> {
    return (await this.run(deadLetterScript, [jobId, owner, now, reason])) === 1;
  }

  async releaseLeases(owner: string, now: string): Promise<number> {
    return Number(await this.run(releaseLeasesScript, [owner, now]));
  }

  async getJob(jobId: string): Promise<JobRecord | null> {
    const hash = await this.redis.hgetall(this.keys.job(jobId));
    return hash.id === undefined ? null : jobFromHash(hash);
  }

  async listJobs(applicationId: string): Promise<JobRecord[]> {
    const ids = await this.redis.smembers(this.keys.applicationJobs(applicationId));
    const jobs = (await this.readHashes(ids.map((id) => this.keys.job(id)))).map(jobFromHash);
    return jobs.sort((a, b) => a.step - b.step || compareBytes(a.createdAt, b.createdAt) || compareBytes(a.id, b.id));
  }

  async listDeadLetters(limit: number, after?: string): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const jobs = (await this.run(listDeadLettersScript, [limit, after ?? ''])) as unknown[];
    return jobs.map((reply) => jobFromHash(hashFromArray(reply)));
  }

  async replayDeadLetter(jobId: string, now: string, audit?: AuditEvent): Promise<boolean> {
    return (await this.runAudited(replayDeadLetterScript, [jobId, now, millis(now)], audit)).result === 1;
  }

  async discardDeadLetter(jobId: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return (await this.runAudited(discardDeadLetterScript, [jobId, now, `discarded: ${reason}`], audit)).result === 1;
  }

  async requestDeadLetterAction(request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome> {
    const { kind, id, role } = request.requestedBy;
    const { result } = await this.runAudited(requestDeadLetterActionScript, [request.jobId, request.action, request.reason ?? '', kind, id, role, request.requestedAt], audit);
    return result === 1 ? 'requested' : (result as DeadLetterRequestOutcome);
  }

  async getDeadLetterRequest(jobId: string): Promise<DeadLetterRequest | null> {
    const hash = await this.redis.hgetall(this.keys.deadLetterRequest(jobId));
    if (hash.action === undefined) return null;
    return {
      jobId,
      action: hash.action as DeadLetterRequest['action'],
      reason: hash.action === 'discard' ? (hash.reason ?? '') : null,
      requestedBy: { kind: hash.requestedByKind as AuditActor['kind'], id: hash.requestedById ?? '', role: hash.requestedByRole ?? '' },
      requestedAt: hash.requestedAt ?? '',
    };
  }

  async approveDeadLetterAction(request: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): Promise<DeadLetterApproval> {
    const seen = [request.jobId, request.action, request.requestedAt, request.requestedBy.kind, request.requestedBy.id];
    const { result } = await this.runAudited(approveDeadLetterActionScript, [...seen, approver.kind, approver.id, now, millis(now)], audit);
    return result === 1 ? 'approved' : (result as DeadLetterApproval);
  }

  async countJobs(): Promise<JobCounts> {
    const [ready = 0, leased = 0, waiting = 0, dead = 0] = (await this.run(countJobsScript, [])) as number[];
    return { ready, leased, waiting, dead };
  }

  async upsertDelivery(delivery: DeliveryRecord, audit?: AuditEvent): Promise<void> {
    const record: DeliveryRecord = {
      applicationId: delivery.applicationId,
      system: delivery.system,
      messageId: delivery.messageId,
      state: delivery.state,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      updatedAt: delivery.updatedAt,
    };
    const field = compositeField(delivery.system, delivery.messageId);
    const { result: upserted } = await this.runAudited(upsertDeliveryScript, [delivery.applicationId, field, JSON.stringify(record)], audit);
    if (upserted === 0) throw applicationNotFound(delivery.applicationId);
  }

  async listDeliveries(applicationId: string): Promise<DeliveryRecord[]> {
    const fields = await this.redis.lrange(this.keys.deliveryOrder(applicationId), 0, -1);
    if (fields.length === 0) return [];
    const records = await this.redis.hmget(this.keys.deliveries(applicationId), ...fields);
    return records.flatMap((record) => (record === null ? [] : [JSON.parse(record) as DeliveryRecord]));
  }

  async saveCertificate(certificate: CertificateRecord): Promise<void> {
    const saved = await this.run(saveCertificateScript, [certificate.id, certificate.applicationId, ...certificateToPairs(certificate)]);
    if (saved === 'application-not-found') throw applicationNotFound(certificate.applicationId);
    if (saved === 'duplicate-certificate') throw duplicateRecord('certificate', certificate.id);
  }

  async getCertificate(id: string): Promise<CertificateRecord | null> {
    const hash = await this.redis.hgetall(this.keys.certificate(id));
    return hash.id === undefined ? null : certificateFromHash(hash);
  }

  async listCertificates(applicationId: string): Promise<CertificateRecord[]> {
    const ids = await this.redis.smembers(this.keys.applicationCertificates(applicationId));
    const certificates = (await this.readHashes(ids.map((id) => this.keys.certificate(id)))).map(certificateFromHash);
    return certificates.sort((a, b) => compareBytes(a.issuedAt, b.issuedAt) || compareBytes(a.id, b.id));
  }

  async revokeCertificate(id: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return (await this.runAudited(revokeCertificateScript, [id, now, reason], audit)).result === 1;
  }

  async savePickup(pickup: PickupRecord): Promise<PickupRecord> {
    checkNewPickup(pickup);
    const saved = await this.run(savePickupScript, [
      pickup.certificateId,
      pickup.applicationId,
      pickup.code ?? '',
      pickup.status,
      millis(pickup.notBefore),
      ...pickupToPairs(pickup),
    ]);
    if (saved === 'application-not-found') throw applicationNotFound(pickup.applicationId);
    if (saved === 'duplicate-pickup-code') throw duplicatePickupCode(pickup.certificateId);
    return pickupFromHash(hashFromArray(saved));
  }

  async getPickup(code: string): Promise<PickupRecord | null> {
    const certificateId = await this.redis.hget(this.keys.pickupCodes, code);
    return certificateId === null ? null : this.getPickupByCertificate(certificateId);
  }

  async getPickupByCertificate(certificateId: string): Promise<PickupRecord | null> {
    const hash = await this.redis.hgetall(this.keys.pickup(certificateId));
    return hash.certificateId === undefined ? null : pickupFromHash(hash);
  }

  async findPickupByNumber(pickupNumber: string): Promise<PickupRecord | null> {
    const certificateId = await this.redis.hget(this.keys.pickupNumbers, pickupNumber);
    return certificateId === null ? null : this.getPickupByCertificate(certificateId);
  }

  async recordWrongCheckPart(certificateId: string, now: string, lockAfter: number): Promise<PickupLock> {
    const [wrongCheckParts, lockedAt] = (await this.run(recordWrongCheckPartScript, [certificateId, now, lockAfter])) as [number, string];
    return { wrongCheckParts, lockedAt: lockedAt === '' ? null : lockedAt };
  }

  async getPickupLock(certificateId: string): Promise<PickupLock> {
    const [wrongCheckParts, lockedAt] = await this.redis.hmget(this.keys.pickupLock(certificateId), 'wrongCheckParts', 'lockedAt');
    return { wrongCheckParts: wrongCheckParts === null ? 0 : Number(wrongCheckParts), lockedAt: lockedAt ?? null };
  }

  async markPickupFetched(code: string, now: string): Promise<PickupFetch> {
    return (await this.run(markPickupFetchedScript, [code, now, millis(now)])) as PickupFetch;
  }

  async updatePickupStatus(code: string, status: 'printed' | 'expired', now: string): Promise<PickupUpdate> {
    return (await this.run(updatePickupStatusScript, [code, status, now])) as PickupUpdate;
  }

  async listPickupsDue(now: string, limit: number): Promise<PickupRecord[]> {
    if (limit <= 0) return [];
    const ids = await this.redis.zrangebyscore(this.keys.pickupsDue, '-inf', millis(now), 'LIMIT', 0, limit);
    const pickups = (await this.readHashes(ids.map((id) => this.keys.pickup(id)), 'certificateId')).map(pickupFromHash);
    return pickups.filter((pickup) => pickup.status === 'pending');
  }

  async listRetentionEnded(procedureId: string, terminalBefore: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    if (!this.retentionIndexed) {
      await backfillRetentionIndex(this.redis, this.prefix);
      this.retentionIndexed = true;
    }
    return this.redis.zrangebyscore(this.keys.retention(procedureId), '-inf', millis(terminalBefore), 'LIMIT', 0, limit);
  }

  /** The review's cleared record is made here from the stored one and written only while its version is unchanged. */
  async purgeApplication(id: string, terminalBefore: string, now: string): Promise<boolean> {
    return this.compareAndSet(async () => {
      const [version, record] = await this.redis.hmget(this.keys.review(id), 'version', 'record');
      const cleared = version && record ? purgedReview(JSON.parse(record) as ReviewRecord) : null;
      const result = await this.run(purgeApplicationScript, [
        id,
        millis(terminalBefore),
        now,
        cleared ? (version ?? '') : '',
        cleared ? JSON.stringify(cleared) : '',
        cleared ? String(cleared.version) : '',
      ]);
      return result === -1 ? undefined : result === 1;
    });
  }

  /** Nothing: deleted keys are gone from memory; the append-only file keeps them until the server rewrites it (BGREWRITEAOF). */
  async compactAfterPurge(): Promise<void> {}
  async recordFormEvents(events: readonly FormEventRecord[]): Promise<void> {
    if (events.length === 0) return;
    await this.run(recordFormEventsScript, [
      FORM_EVENT_SESSION_TTL_SECONDS,
      TIME_TO_SUBMIT_BOUNDS_SECONDS.length,
      ...TIME_TO_SUBMIT_BOUNDS_SECONDS,
      ...events.flatMap((event) => [event.procedureId, event.session, event.pointer, event.event, millis(event.at), event.day, event.code]),
    ]);
  }

  listFormEventCounts(procedureId: string, fromDay: string, toDay: string): Promise<FormEventCount[]> {
    return readFormEventCounts(this.redis, (day) => this.keys.formEventCounts(procedureId, day), daysBetween(fromDay, toDay));
  }

  /** Sessions expire by themselves (their hash has a TTL): nothing to purge. */
  async purgeFormEventSessions(): Promise<number> {
    return 0;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  saveStaffSignIn(signIn: StaffSignInRecord): Promise<void> {
    return this.staffSessions.saveSignIn(signIn);
  }

  takeStaffSignIn(id: string, now: string): Promise<StaffSignInRecord | null> {
    return this.staffSessions.takeSignIn(id, now);
  }

  createStaffSession(session: StaffSessionRecord): Promise<boolean> {
    return this.staffSessions.createSession(session);
  }

  getStaffSession(id: string, now: string): Promise<StaffSessionRecord | null> {
    return this.staffSessions.getSession(id, now);
  }

  touchStaffSession(id: string, now: string, idleExpiresAt: string): Promise<boolean> {
    return this.staffSessions.touchSession(id, now, idleExpiresAt);
  }

  deleteStaffSession(id: string): Promise<boolean> {
    return this.staffSessions.deleteSession(id);
  }

  /** One script: the key's TTL (keepUntil − now) is what purges the receipt. */
  async recordCallbackReceipt(system: string, receiptId: string, now: string, keepUntil: string): Promise<CallbackReceipt> {
    return (await this.run(recordCallbackReceiptScript, [compositeField(system, receiptId), millis(now), millis(keepUntil)])) as CallbackReceipt;
  }

  async forgetCallbackReceipt(system: string, receiptId: string): Promise<void> {
    await this.redis.del(this.keys.callbackReceipt(system, receiptId));
  }

  async appendAudit(event: AuditEvent): Promise<AuditEntry> {
    const { entry } = await this.runAudited(appendAuditScript, [], event);
    return entry!;
  }

  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const seqs = await this.redis.zrangebyscore(this.keys.auditOrder, `(${afterSeq}`, '+inf', 'LIMIT', 0, limit);
    return this.readAuditEntries(seqs);
  }

  async listAuditBetween(from: string, to: string): Promise<AuditEntry[]> {
    const seqs = await this.redis.zrangebyscore(this.keys.auditAt, millis(from), `(${millis(to)}`);
    return this.readAuditEntries(seqs.sort((a, b) => Number(a) - Number(b)));
  }

  async saveAuditCheckpoint(checkpoint: AuditCheckpoint): Promise<boolean> {
    const record: AuditCheckpoint = { day: checkpoint.day, seq: checkpoint.seq, hash: checkpoint.hash, signedAt: checkpoint.signedAt, signature: checkpoint.signature };
    return (await this.run(saveAuditCheckpointScript, [checkpoint.day, JSON.stringify(record)])) === 1;
  }

  async listAuditCheckpoints(): Promise<AuditCheckpoint[]> {
    const all = await this.redis.hgetall(this.keys.auditCheckpoints);
    return Object.keys(all)
      .sort()
      .map((day) => JSON.parse(all[day]!) as AuditCheckpoint);
  }

  async probeWrite(now: string): Promise<void> {
    await this.redis.set(this.keys.storeProbe, now);
  }

  /** Quits the Redis connection after its pending commands were answered. */
  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit();
  }

  /** Logs a warning when the server does not keep an append-only file; acknowledged writes may then be lost. */
  async warnUnlessAppendOnly(): Promise<void> {
    try {
      const info = await this.redis.info('persistence');
      if (/^aof_enabled:0\s*$/m.test(info)) {
        this.logger?.warn('redis runs without appendonly: acknowledged store writes are lost if the server crashes');
      }
    } catch (error) {
      this.logger?.warn({ err: error }, 'could not read redis persistence settings');
    }
  }

  async saveReview(write: ReviewWrite): Promise<boolean> {
    const { review, expectedVersion, timeline, correction } = write;
    const { result } = await this.runAudited(
      saveReviewScript,
      [
      review.applicationId,
      expectedVersion === null ? '' : String(expectedVersion),
      String(review.version),
      JSON.stringify(review),
      reviewMember(review),
      timeline?.status ?? '',
      timeline?.at ?? review.updatedAt,
      timeline ? timelineJson(timeline) : '',
      correction ? JSON.stringify(correction.form) : '',
      correction ? JSON.stringify(correction.identity) : '',
      terminalMillis(timeline),
      ],
      write.audit,
    );
    if (result === -1) throw applicationNotFound(review.applicationId);
    return result === 1;
  }

  async getReview(applicationId: string): Promise<ReviewRecord | null> {
    const record = await this.redis.hget(this.keys.review(applicationId), 'record');
    return record === null ? null : (JSON.parse(record) as ReviewRecord);
  }

  /** Walks the age-ordered queue in batches and filters here: one zset serves every filter. */
  async listReviews(query: ReviewQuery): Promise<ReviewRecord[]> {
    if (query.wards?.length === 0) return [];
    let from = '-';
    if (query.after !== undefined) {
      const member = await this.redis.hget(this.keys.review(query.after), 'member');
      if (member === null) return [];
      from = `(${member}`;
    }
    const wards = query.wards ? new Set(query.wards) : undefined;
    const found: ReviewRecord[] = [];
    for (;;) {
      const members = await this.redis.zrangebylex(this.keys.reviews, from, '+', 'LIMIT', 0, REVIEW_BATCH);
      if (members.length === 0) return found;
      const pipeline = this.redis.pipeline();
      for (const member of members) pipeline.hget(this.keys.review(member.slice(member.indexOf('\0') + 1)), 'record');
      for (const [error, record] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        if (typeof record !== 'string') continue;
        const review = JSON.parse(record) as ReviewRecord;
        if (wards && !wards.has(review.ward)) continue;
        if (query.procedureId !== undefined && review.procedureId !== query.procedureId) continue;
        if (query.state !== undefined && review.state !== query.state) continue;
        if (query.overdue !== undefined && review.overdue !== query.overdue) continue;
        if (query.createdFrom !== undefined && review.createdAt < query.createdFrom) continue;
        if (query.createdBefore !== undefined && review.createdAt >= query.createdBefore) continue;
        found.push(review);
        if (found.length === query.limit) return found;
      }
      from = `(${members.at(-1)!}`;
    }
  }

  saveAttachment(record: AttachmentRecord): Promise<void> {
    return this.attachments.save(record);
  }

  getAttachment(id: string): Promise<AttachmentRecord | null> {
    return this.attachments.get(id);
  }

  markAttachmentsReferenced(ids: readonly string[], applicationId: string): Promise<void> {
    return this.attachments.markReferenced(ids, applicationId);
  }

  purgeExpiredAttachments(now: string, limit: number): Promise<AttachmentRecord[]> {
    return this.attachments.purgeExpired(now, limit);
  }

  isDigestReferenced(sha256: string): Promise<boolean> {
    return this.attachments.isDigestReferenced(sha256);
  }

  private run(script: LuaScript, args: Array<string | number>): Promise<unknown> {
    return script.run(this.redis, [this.prefix, ...args]);
  }

  /**
   * Runs an audited script (audit-scripts.ts): with an event, chains the entry
   * on the head read now and retries while another append moved the head.
   */
  private async runAudited(script: LuaScript, args: Array<string | number>, audit: AuditEvent | undefined): Promise<{ result: unknown; entry?: AuditEntry }> {
    if (!audit) return { result: await this.run(script, [...args, '', '', '', '', '']) };
    return this.compareAndSet(async () => {
      const [seq, hash] = await this.redis.hmget(this.keys.auditHead, 'seq', 'hash');
      const head = seq && hash ? { seq: Number(seq), hash } : EMPTY_HEAD;
      const entry = chainAuditEntry(head, audit);
      const result = await this.run(script, [...args, String(head.seq), String(entry.seq), JSON.stringify(entry), entry.hash, millis(entry.at)]);
      return result === 'audit-stale' ? undefined : { result, entry };
    });
  }

  private async readAuditEntries(seqs: string[]): Promise<AuditEntry[]> {
    if (seqs.length === 0) return [];
    const records = await this.redis.hmget(this.keys.auditEntries, ...seqs);
    return records.flatMap((record) => (record === null ? [] : [JSON.parse(record) as AuditEntry]));
  }

  private async readHashes(keys: string[], idField = 'id'): Promise<Hash[]> {
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([error, hash]) => {
      if (error) throw error;
      const record = hash as Hash;
      return record[idField] === undefined ? [] : [record];
    });
  }

  /** Runs `attempt` until it returns something other than undefined (undefined: changed meanwhile, read again). */
  private async compareAndSet<T>(attempt: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < COMPARE_AND_SET_ATTEMPTS; i++) {
      const result = await attempt();
      if (result !== undefined) return result;
    }
    throw new UnavailableError('store-contention', 'Store busy', 'a record kept changing while it was being updated; try again', 1);
  }
}

/**
 * Creates the Redis store over an ioredis client. See {@link RedisStore} for
 * what "durable" means here: it depends on the server's persistence settings.
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const store = new RedisStore(options.redis, options.prefix, options.logger);
  if (options.logger) void store.warnUnlessAppendOnly();
  return store;
}

/** Reviews read per round trip while a queue page is filled. */
const REVIEW_BATCH = 200;

/** A review's member of the age-ordered queue zset. */
function reviewMember(review: ReviewRecord): string {
  return `${review.createdAt}\0${review.applicationId}`;
}

function millis(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return value;
}

/** The retention index score an application gets from its latest timeline entry: its ms when it set a terminal status, else ''. */
function terminalMillis(latest: TimelineEntry | undefined): number | '' {
  return latest !== undefined && TERMINAL_STATUSES.has(latest.status) ? millis(latest.at) : '';
}

function timelineJson(entry: TimelineEntry): string {
  return JSON.stringify({ status: entry.status, at: entry.at, source: entry.source, detail: entry.detail });
}

function newJobArgs(job: NewJob): Array<string | number> {
  return [job.id, job.applicationId, job.step, job.name, JSON.stringify(job.payload), job.runAt, millis(job.runAt)];
}

function throwJobProblem(result: unknown, job: NewJob): void {
  if (result === 'application-not-found') throw applicationNotFound(job.applicationId);
  if (result === 'duplicate-job') throw duplicateRecord('job', job.id);
}
