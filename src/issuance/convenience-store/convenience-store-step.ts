import type { Logger } from '../../logger.js';
import type { BuiltinStep, BuiltinStepInput } from '../../runner/step-types.js';
import type { PickupRecord, Store } from '../../store/types.js';
import { pickupChargeOf } from './pickup-charge.js';
import { pickupDetail, pickupResult } from './pickup-detail.js';
import { sendPendingPickup } from './send-pickup.js';
import { isOpen, nextOpening, pickupDeadline } from './service-hours.js';
import type { StoreNetworkClient } from './store-network.js';

/** How long the step itself has to send a request made in service hours before the scheduler may send it instead. */
const DEFAULT_HANDOVER_MS = 60_000;

/** What issuing gave: the certificate, or why it cannot be issued (a reason for people, no personal data). */
export type IssueResult = { certificateId: string } | { rejected: string };

export interface ConvenienceStoreStepOptions {
  store: Store;
  /**
   * Issues (composes, signs, stores) the certificate. Must be idempotent per
   * `input.messageId`: a re-run of the step gets the same certificate back.
   * `{ rejected: reason }` when the certificate cannot be issued on its merits
   * (the application ends `rejected`, nothing is sent). See {@link issueThrough}.
   */
  issue: (input: BuiltinStepInput) => Promise<IssueResult>;
  client: StoreNetworkClient;
  clock: () => Date;
  /** Days after the request day (Tokyo) the code works, until 23:00 of the last day. */
  pickupValidityDays: number;
  logger: Logger;
  /** Default 60 s; see {@link DEFAULT_HANDOVER_MS}. */
  handoverMs?: number;
}

/**
 * The `issue-certificate` step for `issuance.method: convenience-store`:
 * issues the certificate, records the pickup durably as `pending`, and — in
 * service hours — sends the issuance request (idempotent by the step's
 * message id) and records the pickup code. Outside service hours the pickup
 * stays pending until the opening, when the pickup scheduler sends it. Either
 * way the application becomes `awaiting-pickup` with a detail that says until
 * when. Re-running the step finds the pickup of its certificate and sends
 * nothing twice.
 */
export function createConvenienceStoreStep(options: ConvenienceStoreStepOptions): BuiltinStep {
  const handoverMs = options.handoverMs ?? DEFAULT_HANDOVER_MS;
  const log = options.logger.child({ system: 'convenience-store' });

  return async function convenienceStoreStep(input) {
    const now = options.clock();
    const issued = await options.issue(input);
    if ('rejected' in issued) return { result: { issued: false, reason: issued.rejected }, status: 'rejected', detail: issued.rejected };
    const { certificateId } = issued;
    let pickup = await options.store.getPickupByCertificate(certificateId);
    if (!pickup) pickup = await options.store.savePickup(newPendingPickup(input, certificateId, now));
    if (pickup.status === 'pending' && isOpen(now)) {
      pickup = await sendPendingPickup(pickup, { store: options.store, client: options.client, now: options.clock });
    }
    log.info({ applicationId: input.application.id, certificateId, pickupStatus: pickup.status }, 'convenience-store pickup recorded');
    return { result: pickupResult(pickup), status: 'awaiting-pickup', detail: pickupDetail(pickup) };
  };

  function newPendingPickup(input: BuiltinStepInput, certificateId: string, now: Date): PickupRecord {
    const open = isOpen(now);
    const notBefore = open ? new Date(now.getTime() + handoverMs) : nextOpening(now);
    const { copies, feeYen } = pickupChargeOf(input.procedure, input.application);
    return {
      code: null,
      certificateId,
      applicationId: input.application.id,
      requestId: input.messageId,
      certificateType: input.procedure.id,
      copies,
      fee: feeYen,
      expiresAt: pickupDeadline(open ? now : notBefore, options.pickupValidityDays).toISOString(),
      status: 'pending',
      notBefore: notBefore.toISOString(),
      fetchedAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
  }
}

/**
 * The `issue-certificate` built-in that serves both issuance methods: the
 * convenience-store step when the application asked for
 * `issuance.method: convenience-store`, the electronic one otherwise.
 */
export function chooseIssuanceStep(electronic: BuiltinStep, convenienceStore: BuiltinStep): BuiltinStep {
  return (input) => (input.application.issuance?.method === 'convenience-store' ? convenienceStore(input) : electronic(input));
}

/**
 * Adapts the electronic `issue-certificate` built-in (which composes, signs
 * and stores once per message id, and reports `{ certificateId }`) into the
 * `issue` function of {@link createConvenienceStoreStep}; its `rejected`
 * outcome becomes `{ rejected: detail }`.
 */
export function issueThrough(issuingStep: BuiltinStep): (input: BuiltinStepInput) => Promise<IssueResult> {
  return async (input) => {
    const outcome = await issuingStep(input);
    if (outcome.status === 'rejected') return { rejected: outcome.detail ?? 'The certificate cannot be issued.' };
    const certificateId = outcome.result.certificateId;
    if (typeof certificateId !== 'string') throw new TypeError('the issuing step reported no certificate id');
    return { certificateId };
  };
}
