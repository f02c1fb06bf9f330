import type { AttachmentRecord } from './parts/attachment-store.js';
import type { ApplicationRecord, CertificateRecord, DeliveryRecord, JobRecord, PickupLock, PickupRecord, StoredResponse, TimelineEntry } from './types.js';
import type { AuditActor, AuditCheckpoint, AuditEntry } from './audit-types.js';
import type { DeadLetterRequest } from './dead-letter-request-types.js';
import type { WebhookDelivery, WebhookDeliveryState } from './parts/webhook-store.js';
import { TERMINAL_STATUSES } from '../retention/retention-end.js';

/** Column shapes as both SQL stores return them (better-sqlite3, and postgres.js with int8 parsed as a number). */
export interface ApplicationRow {
  id: string;
  procedure_id: string;
  client_id: string;
  status: ApplicationRecord['status'];
  form: string;
  identity: string | null;
  payment: string | null;
  issuance: string | null;
  access_token_hash: string;
  created_at: string;
  updated_at: string;
  purged_at: string | null;
}

export interface TimelineRow {
  status: TimelineEntry['status'];
  at: string;
  source: string;
  detail: string;
}

export interface IdempotencyRow {
  request_hash: string;
  state: 'in-flight' | 'completed';
  response: string | null;
  expires_at: string;
}

export interface JobRow {
  id: string;
  application_id: string;
  step: number;
  name: string;
  state: JobRecord['state'];
  payload: string;
  attempts: number;
  run_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  correlation_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveryRow {
  application_id: string;
  system: string;
  message_id: string;
  state: DeliveryRecord['state'];
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

export interface CertificateRow {
  id: string;
  application_id: string;
  type: string;
  document: string;
  document_hash: string;
  signature: string;
  issued_at: string;
  revoked_at: string | null;
  revocation_reason: string | null;
  purged_at: string | null;
}

export interface PickupRow {
  certificate_id: string;
  code: string | null;
  application_id: string;
  request_id: string;
  certificate_type: string;
  copies: number;
  fee: number;
  expires_at: string;
  status: PickupRecord['status'];
  not_before: string;
  fetched_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PickupLockRow {
  wrong_check_parts: number;
  locked_at: string | null;
}

export interface AttachmentRow {
  id: string;
  client_id: string;
  procedure_id: string;
  pointer: string;
  sha256: string;
  size: number;
  media_type: string;
  created_at: string;
  expires_at: string;
  referenced_by: string | null;
}

function parseObject(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

/** Application row → record; JSON columns parsed into fresh objects. */
export function toApplication(row: ApplicationRow): ApplicationRecord {
  return {
    id: row.id,
    procedureId: row.procedure_id,
    clientId: row.client_id,
    status: row.status,
    form: JSON.parse(row.form) as Record<string, unknown>,
    identity: parseObject(row.identity),
    payment: parseObject(row.payment),
    issuance: parseObject(row.issuance),
    accessTokenHash: row.access_token_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.purged_at === null ? {} : { purgedAt: row.purged_at }),
  };
}

/** Timeline row → entry. */
export function toTimelineEntry(row: TimelineRow): TimelineEntry {
  return { status: row.status, at: row.at, source: row.source, detail: row.detail };
}

/** Stored idempotent response text → response. */
export function toStoredResponse(text: string): StoredResponse {
  return JSON.parse(text) as StoredResponse;
}

/** Job row → record; the payload parsed into a fresh object. */
export function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    step: row.step,
    name: row.name,
    state: row.state,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: row.attempts,
    runAt: row.run_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    correlationKey: row.correlation_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Delivery row → record. */
export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    applicationId: row.application_id,
    system: row.system,
    messageId: row.message_id,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    updatedAt: row.updated_at,
  };
}

/** Certificate row → record. */
export function toCertificate(row: CertificateRow): CertificateRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    type: row.type,
    document: row.document,
    documentHash: row.document_hash,
    signature: row.signature,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
    ...(row.purged_at === null ? {} : { purgedAt: row.purged_at }),
  };
}

/** Pickup row → record. */
export function toPickup(row: PickupRow): PickupRecord {
  return {
    code: row.code,
    certificateId: row.certificate_id,
    applicationId: row.application_id,
    requestId: row.request_id,
    certificateType: row.certificate_type,
    copies: row.copies,
    fee: row.fee,
    expiresAt: row.expires_at,
    status: row.status,
    notBefore: row.not_before,
    fetchedAt: row.fetched_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Pickup lock row → tally. */
export function toPickupLock(row: PickupLockRow): PickupLock {
  return { wrongCheckParts: row.wrong_check_parts, lockedAt: row.locked_at };
}

/** Attachment row → upload record. */
export function toAttachment(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    procedureId: row.procedure_id,
    pointer: row.pointer,
    sha256: row.sha256,
    size: row.size,
    mediaType: row.media_type,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    referencedBy: row.referenced_by,
  };
}

export interface AuditEntryRow {
  seq: number;
  at: string;
  actor_kind: AuditEntry['actor']['kind'];
  actor_id: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointRow {
  day: string;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
}

export function toAuditEntry(row: AuditEntryRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: { kind: row.actor_kind, id: row.actor_id, role: row.actor_role },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    ...(row.reason === null ? {} : { reason: row.reason }),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function toAuditCheckpoint(row: AuditCheckpointRow): AuditCheckpoint {
  return { day: row.day, seq: row.seq, hash: row.hash, signedAt: row.signed_at, signature: row.signature };
}

export function jsonOrNull(value: Record<string, unknown> | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** The terminal time an application gets from its latest timeline entry: that entry's time when it set a terminal status. */
export function terminalAt(latest: TimelineEntry | undefined): string | null {
  return latest !== undefined && TERMINAL_STATUSES.has(latest.status) ? latest.at : null;
}

export interface WebhookDeliveryRow {
  webhook_id: string;
  application_id: string;
  client_id: string;
  procedure_id: string;
  status: string;
  at: string;
  state: WebhookDeliveryState;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    webhookId: row.webhook_id,
    applicationId: row.application_id,
    clientId: row.client_id,
    procedureId: row.procedure_id,
    status: row.status,
    at: row.at,
    state: row.state,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
  };
}

export interface StaffSignInRow {
  id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

export interface StaffSessionRow {
  id: string;
  staff_id: string;
  name: string;
  roles: string;
  wards: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
}

export interface DeadLetterRequestRow {
  job_id: string;
  action: DeadLetterRequest['action'];
  reason: string | null;
  requested_by_kind: AuditActor['kind'];
  requested_by_id: string;
  requested_by_role: string;
  requested_at: string;
}

export function toDeadLetterRequest(row: DeadLetterRequestRow): DeadLetterRequest {
  return {
    jobId: row.job_id,
    action: row.action,
    reason: row.reason,
    requestedBy: { kind: row.requested_by_kind, id: row.requested_by_id, role: row.requested_by_role },
    requestedAt: row.requested_at,
  };
}
