import type { Catalog, RouteStep } from '../catalog/procedure.js';
import { ConfigurationError, NotFoundError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JobRecord } from '../store/types.js';
import { executeStep } from './execute-step.js';
import { LeaseKeeper } from './lease-keeper.js';
import { decideFailure, recordFailure } from './record-failure.js';
import { changeStatus, recordOutcome, type OutcomeWriter } from './record-outcome.js';
import { messageIdOf, type StepContext } from './step-context.js';
import type { StepObserver, StepRunOutcome } from './step-observer.js';
import type { DeliveryRef, StepOutcome } from './step-outcome.js';
import { StorageUnavailableError } from '../store/store-errors.js';

/** Statuses after which a route has nothing left to do. */
const ENDED = new Set(['completed', 'rejected']);

/** A recorded step outcome, as the step observer is told it. */
const RUN_OUTCOME_OF: Record<StepOutcome['kind'], StepRunOutcome> = {
  next: 'completed',
  wait: 'waiting',
  rejected: 'rejected',
  'deadline-missed': 'deadline-missed',
  deferred: 'deferred',
};

/** What running one claimed job needs besides the step context. */
export interface JobRunOptions {
  context: StepContext;
  catalog: Catalog;
  owner: string;
  leaseMs: number;
  logger: Logger;
  /** Told how the step run ended (not for a job whose route had nothing left to run). */
  onStepEnded?: StepObserver;
}

/** Who a step talks to: its system, its built-in action, or the runner itself when the step is not known. */
function systemOf(step: RouteStep | undefined): string {
  return step?.system ?? step?.action ?? 'runner';
}

function deliveryOf(applicationId: string, step: RouteStep | undefined): DeliveryRef | undefined {
  if (!step?.system || (step.action !== 'request' && step.action !== 'send')) return undefined;
  return { system: step.system, messageId: messageIdOf(applicationId, step.name) };
}

/**
 * Runs one claimed job to a durable outcome: the next job, a wait, a retry, a
 * dead letter, or the end of the route. Never throws: a failure of the store
 * itself leaves the job leased, and it is claimed again when the lease expires.
 */
export async function runJob(options: JobRunOptions, job: JobRecord): Promise<void> {
  const { context, catalog, owner, leaseMs } = options;
  const log = options.logger.child({ applicationId: job.applicationId, jobId: job.id, step: job.name });
  const keeper = new LeaseKeeper(context.store, job.id, owner, leaseMs, context.clock, log);
  const writer: OutcomeWriter = {
    store: context.store,
    keeper,
    owner,
    clock: context.clock,
    job,
    route: [],
    status: 'in-progress',
    ...(context.onRejected ? { onRejected: context.onRejected } : {}),
  };
  let step: RouteStep | undefined;
  const ended = (outcome: StepRunOutcome): void => options.onStepEnded?.(systemOf(step), outcome);
  try {
    try {
      const application = await context.store.getApplication(job.applicationId);
      if (!application) throw new NotFoundError('application-not-found', 'The application of this job does not exist.');
      writer.status = application.status;
      if (ENDED.has(application.status)) {
        if (await keeper.confirm()) await context.store.completeJob(job.id, owner, context.clock().toISOString());
        return;
      }
      const compiled = catalog.get(application.procedureId);
      if (!compiled) throw new ConfigurationError(`procedure '${application.procedureId}' is not in the catalog`);
      const { procedure } = compiled;
      writer.route = procedure.route;
      step = procedure.route[job.step];
      if (procedure.route.length === 0) {
        if (!(await keeper.confirm())) return;
        await changeStatus(writer, { status: 'completed', source: 'runner', detail: 'nothing to deliver' });
        await context.store.completeJob(job.id, owner, context.clock().toISOString());
        return;
      }
      if (!step || step.name !== job.name) {
        throw new ConfigurationError(`the route has no step ${job.step} named '${job.name}' any more`, { file: `mappings/procedures/${procedure.id}.yaml` });
      }
      if (application.status === 'received' || application.status === 'verified') {
        if (!(await keeper.confirm())) return;
        await changeStatus(writer, { status: 'in-progress', source: 'runner', detail: 'route started' });
      }
      const results = (job.payload.results ?? {}) as Record<string, unknown>;
      const outcome = await executeStep(context, job, { application, procedure, step, results }, { log, signal: keeper.signal });
      if (!(await recordOutcome(writer, outcome, results))) {
        log.warn('outcome not recorded: the lease was lost');
        ended('lease-lost');
      } else {
        ended(RUN_OUTCOME_OF[outcome.kind]);
        if (outcome.kind === 'deferred') log.info({ system: outcome.system, until: outcome.until.toISOString() }, 'circuit open; step deferred');
      }
    } catch (error) {
      // The store failing is not the step failing: a dead letter here would end a healthy application for an
      // outage of its own store. The job runs again once its lease lapses, as after a crash.
      if (error instanceof StorageUnavailableError) throw error;
      const decision = decideFailure(error, job.attempts, context.policy, context.clock(), context.random);
      if (decision.kind === 'dead') log.error({ err: error, reason: decision.reason }, 'step failed for good; dead letter');
      else log.warn({ reason: decision.error, attempts: job.attempts + 1, retryAt: decision.runAt.toISOString() }, 'step failed; will retry');
      if (!(await recordFailure(writer, decision, deliveryOf(job.applicationId, step), systemOf(step)))) {
        log.warn('failure not recorded: the lease was lost');
        ended('lease-lost');
      } else {
        ended(decision.kind === 'dead' ? 'dead-lettered' : 'retried');
      }
    }
  } catch (error) {
    log.error({ err: error }, 'could not record the outcome of a step; the job is run again after its lease expires');
    ended('store-error');
  } finally {
    keeper.stop();
  }
}
