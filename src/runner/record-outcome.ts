import type { RouteStep } from '../catalog/procedure.js';
import type { ApplicationStatus, AuditEvent, DeliveryRecord, JobRecord, NewJob, Store } from '../store/types.js';
import type { WaitingState } from './await-reply-step.js';
import { deliveryAudit } from './delivery-audit.js';
import type { LeaseKeeper } from './lease-keeper.js';
import type { DeliveryRef, StatusChange, StepOutcome } from './step-outcome.js';

/** Statuses a route may end in besides `completed`: a built-in left the application there on purpose. */
const FINAL_BUILTIN_STATUSES: ReadonlySet<ApplicationStatus> = new Set(['issued', 'awaiting-pickup']);

/** One job's writes: everything checks the lease first, so a step whose lease was lost writes nothing. */
export interface OutcomeWriter {
  store: Store;
  keeper: LeaseKeeper;
  owner: string;
  clock: () => Date;
  job: JobRecord;
  route: readonly RouteStep[];
  /** The application's status as this job last saw or set it. */
  status: ApplicationStatus;
  onRejected?: (applicationId: string) => Promise<void>;
}

/** Appends a timeline entry (and so sets the status). */
export async function changeStatus(writer: OutcomeWriter, change: StatusChange): Promise<void> {
  await writer.store.appendTimeline(writer.job.applicationId, { ...change, at: writer.clock().toISOString() });
  writer.status = change.status;
}

/**
 * Updates a message's delivery record; without `attempts` the recorded count is kept (a reply to an earlier step's message).
 * `audit` goes into the audit trail in the same transaction.
 */
export async function recordDelivery(
  writer: OutcomeWriter,
  ref: DeliveryRef,
  state: DeliveryRecord['state'],
  lastError: string | null,
  attempts?: number,
  audit?: AuditEvent,
): Promise<void> {
  const { store, job } = writer;
  const count = attempts ?? (await store.listDeliveries(job.applicationId)).find((delivery) => delivery.messageId === ref.messageId)?.attempts ?? 1;
  await store.upsertDelivery({ applicationId: job.applicationId, ...ref, state, attempts: count, lastError, updatedAt: writer.clock().toISOString() }, audit);
}

/** A request or send step hands a message to a core system: each one it took is an audit entry. */
function deliversToCoreSystem(step: RouteStep): boolean {
  return step.action === 'request' || step.action === 'send';
}

/**
 * Makes a step's outcome durable. Timeline entries go first and the job's own
 * transition last: if the process dies in between, the job is claimed again
 * and the step re-runs with the same message id (a duplicate entry at worst,
 * never a lost status). A dead letter is the exception: it is written first,
 * because staff work from the dead-letter list. Returns false when the lease
 * was lost.
 */
export async function recordOutcome(writer: OutcomeWriter, outcome: StepOutcome, results: Record<string, unknown>): Promise<boolean> {
  const { store, keeper, owner, clock, job } = writer;
  if (outcome.kind === 'deferred') return keeper.parkUntil(outcome.until);
  if (!(await keeper.confirm())) return false;
  const attempts = job.attempts + 1;
  const now = () => clock().toISOString();
  const step = writer.route[job.step]!;

  switch (outcome.kind) {
    case 'next': {
      if (outcome.delivery) {
        const audit = deliversToCoreSystem(step) ? deliveryAudit(now(), outcome.delivery) : undefined;
        await recordDelivery(writer, outcome.delivery, outcome.delivery.state, null, step.action === 'await-reply' ? undefined : attempts, audit);
      }
      if (outcome.change) await changeStatus(writer, outcome.change);
      const allResults = { ...results, [step.name]: outcome.result };
      const following = writer.route[job.step + 1];
      if (following) {
        const next: NewJob = { id: `${job.applicationId}:${job.step + 1}`, applicationId: job.applicationId, step: job.step + 1, name: following.name, payload: { results: allResults }, runAt: now() };
        return store.completeJob(job.id, owner, now(), next);
      }
      if (!FINAL_BUILTIN_STATUSES.has(writer.status)) await changeStatus(writer, { status: 'completed', source: 'runner', detail: 'route completed' });
      return store.completeJob(job.id, owner, now());
    }
    case 'wait': {
      if (outcome.delivery) await recordDelivery(writer, outcome.delivery, outcome.delivery.state, null);
      // A re-run after a crash finds the entry already written; a reply's acknowledgement is always news.
      if (outcome.change && (writer.status !== 'awaiting-reply' || outcome.change.source !== 'runner')) await changeStatus(writer, outcome.change);
      const waiting: WaitingState = { correlationKey: outcome.correlationKey, deadline: outcome.deadline, system: outcome.system };
      const parked = await store.waitJob(job.id, owner, now(), outcome.correlationKey, outcome.deadline, { results, waiting });
      if (parked) await outcome.afterParked?.();
      return parked;
    }
    case 'rejected': {
      if (outcome.delivery) await recordDelivery(writer, outcome.delivery, 'acknowledged', null);
      await changeStatus(writer, outcome.change);
      await writer.onRejected?.(job.applicationId);
      return store.completeJob(job.id, owner, now());
    }
    case 'deadline-missed': {
      if (outcome.delivery) await recordDelivery(writer, outcome.delivery, 'dead', outcome.reason);
      if (!(await store.deadLetter(job.id, owner, now(), outcome.reason))) return false;
      await changeStatus(writer, { status: 'failed', source: 'runner', detail: outcome.reason });
      return true;
    }
  }
}
