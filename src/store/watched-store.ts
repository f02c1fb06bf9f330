import { classifyStorageFailure } from './storage-failure.js';
import type { StoreHealth } from './store-health.js';
import type { Store } from './types.js';

/** The operations that write: one of them succeeding shows the store takes writes again. */
const WRITES: ReadonlySet<string> = new Set([
  'createApplication',
  'appendTimeline',
  'updateApplication',
  'beginIdempotent',
  'completeIdempotent',
  'abandonIdempotent',
  'purgeExpiredIdempotency',
  'enqueueJob',
  'claimJobs',
  'extendLease',
  'completeJob',
  'retryJob',
  'waitJob',
  'resumeWaiting',
  'deadLetter',
  'releaseLeases',
  'replayDeadLetter',
  'discardDeadLetter',
  'upsertDelivery',
  'saveCertificate',
  'revokeCertificate',
  'savePickup',
  'recordWrongCheckPart',
  'markPickupFetched',
  'updatePickupStatus',
  'purgeApplication',
  'saveStaffSignIn',
  'takeStaffSignIn',
  'createStaffSession',
  'touchStaffSession',
  'deleteStaffSession',
  'recordCallbackReceipt',
  'forgetCallbackReceipt',
  'recordFormEvents',
  'purgeFormEventSessions',
  'savePrefillChallenge',
  'takePrefillChallenge',
  'saveAttachment',
  'markAttachmentsReferenced',
  'purgeExpiredAttachments',
  'saveReview',
  'probeWrite',
  'appendAudit',
  'saveAuditCheckpoint',
  'requestDeadLetterAction',
  'approveDeadLetterAction',
  'setWebhookClients',
  'leaseWebhookDeliveries',
  'recordWebhookAttempt',
] satisfies (keyof Store)[]);

/**
 * `store` with every operation watched by `health`: a storage failure (full
 * disk, read-only file, unreachable server …) is rethrown as the one
 * `StorageUnavailableError` and recorded; a write that succeeds is recorded
 * too. Every caller (intake, callbacks, revocations, pickups, dead-letter
 * actions, the runner) gets the same 503 through the shared problem mapping.
 */
export function watchStore(store: Store, health: StoreHealth): Store {
  const watched = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!watched.has(property)) watched.set(property, watch(target, value as (...args: unknown[]) => unknown, WRITES.has(String(property)), health));
      return watched.get(property);
    },
  });
}

function watch(target: Store, operation: (...args: unknown[]) => unknown, writes: boolean, health: StoreHealth) {
  return async (...args: unknown[]) => {
    let result: unknown;
    try {
      result = await operation.apply(target, args);
    } catch (error) {
      const failure = classifyStorageFailure(error);
      if (!failure) throw error;
      health.failed(failure);
      throw failure;
    }
    if (writes) health.succeeded();
    return result;
  };
}
