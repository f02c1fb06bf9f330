import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Catalog } from '../../catalog/procedure.js';
import { isAllowed, type StaffAction } from '../../staff/authorization.js';
import type { ActiveSession } from '../../staff/staff-sessions.js';
import { approveDeadLetterAction, requestDeadLetterAction } from '../../runner/dead-letter-actions.js';
import type { AuditActor, JobRecord, Store } from '../../store/types.js';
import type { ConsoleEnv } from '../console-env.js';
import { ConsoleError } from '../console-error.js';
import { checkedForm } from '../csrf.js';
import { DeadLettersPage, type DeadLetterRow } from '../pages/dead-letters-page.js';
import type { Language } from '../texts.js';

/** What the dead-letter page needs of the gateway. */
export interface DeadLetterPagesDependencies {
  store: Store;
  /** To name each dead letter's system from its procedure's route. */
  catalog: Catalog;
  /** Woken after an approved replay so the step runs at once. */
  runner?: { wake(): void };
  clock: () => Date;
}

/** What the dead-letter page needs of the console around it. */
export interface DeadLetterPagesContext {
  language: (c: Context) => Language;
  page: (c: Context, status: number, element: JSX.Element) => Promise<Response>;
  formLimit: MiddlewareHandler;
}

const PAGE_SIZE = 50;
/** Job ids are `<application id>:<step>`; anything else is not one (and never reaches the store). */
const JOB_ID = /^[\w-]{1,128}:\d{1,4}$/;
/** A discard's reason: shown to the applicant in the timeline, so plain text. */
const REASON = /^[^<>]{1,500}$/;

function refused(status: ConsoleError['status'], body: ConsoleError['body']): ConsoleError {
  return new ConsoleError(status, 'deadLetterRefusedTitle', body);
}

/** The audit trail's actor for the signed-in operator. */
function operatorOf(session: ActiveSession): AuditActor {
  return { kind: 'staff', id: session.staff.id, role: 'operator' };
}

function requireAllowed(session: ActiveSession, action: StaffAction): void {
  if (!isAllowed(session.staff, action)) throw refused(403, 'deadLetterRoleBody');
}

/**
 * The dead letters in the console: the list (reason, never the payload) for
 * whoever may view them, and the four-eyes forms for operators: one asks for
 * a replay or a discard, another approves; until then nothing moves. Request
 * and approval are audit entries naming the staff member, each in the same
 * transaction as its change, as through the API.
 */
export function registerDeadLetterPages(app: Hono<ConsoleEnv>, deps: DeadLetterPagesDependencies, shell: DeadLetterPagesContext): void {
  const { store, catalog } = deps;

  async function rowOf(job: JobRecord): Promise<DeadLetterRow> {
    const application = await store.getApplication(job.applicationId);
    const system = application ? catalog.get(application.procedureId)?.procedure.route[job.step]?.system : undefined;
    return {
      jobId: job.id,
      applicationId: job.applicationId,
      step: job.name,
      system,
      reason: job.lastError ?? '—',
      // the store counts retries; the attempt that ended in the dead letter is one more
      attempts: job.attempts + 1,
      updatedAt: job.updatedAt,
      pending: await store.getDeadLetterRequest(job.id),
    };
  }

  async function deadLetterOf(id: string): Promise<JobRecord> {
    const job = JOB_ID.test(id) ? await store.getJob(id) : null;
    if (!job) throw new ConsoleError(404, 'notFoundTitle', 'notFoundBody');
    if (job.state !== 'dead') throw refused(409, 'deadLetterGoneBody');
    return job;
  }

  app.get('/dead-letters', async (c) => {
    const session = c.get('session');
    if (!isAllowed(session.staff, 'view-dead-letters')) throw new ConsoleError(403, 'noDeadLettersTitle', 'noDeadLettersBody');
    const after = c.req.query('after') || undefined;
    if (after !== undefined && !JOB_ID.test(after)) throw new ConsoleError(400, 'badQueryTitle', 'badQueryBody', false, { detail: 'after' });
    const jobs = await store.listDeadLetters(PAGE_SIZE, after);
    const rows = await Promise.all(jobs.map(rowOf));
    const permissions = { staffId: session.staff.id, mayRequest: isAllowed(session.staff, 'request-dead-letter-action'), mayApprove: isAllowed(session.staff, 'approve-dead-letter-action') };
    const next = jobs.length === PAGE_SIZE ? jobs.at(-1)!.id : null;
    return shell.page(c, 200, <DeadLettersPage language={shell.language(c)} rows={rows} permissions={permissions} csrfToken={session.csrfToken} next={next} />);
  });

  app.post('/dead-letters/:jobId/request', shell.formLimit, async (c) => {
    const session = c.get('session');
    const form = await checkedForm(c, session);
    requireAllowed(session, 'request-dead-letter-action');
    const action = form['action'];
    if (action !== 'replay' && action !== 'discard') throw refused(400, 'deadLetterActionBody');
    const reason = action === 'discard' ? (form['reason'] ?? '').trim() : null;
    if (reason !== null && !REASON.test(reason)) throw refused(422, 'deadLetterReasonBody');
    const job = await deadLetterOf(c.req.param('jobId'));
    const actor = operatorOf(session);
    const { outcome } = await requestDeadLetterAction(store, job, action, reason, actor, deps.clock().toISOString());
    if (outcome === 'not-dead') throw refused(409, 'deadLetterGoneBody');
    if (outcome === 'already-requested') throw refused(409, 'deadLetterPendingBody');
    c.get('log')?.info({ jobId: job.id, applicationId: job.applicationId, staffId: actor.id, action }, 'dead letter action requested in the console');
    return c.redirect('/console/dead-letters', 303);
  });

  app.post('/dead-letters/:jobId/approve', shell.formLimit, async (c) => {
    const session = c.get('session');
    await checkedForm(c, session);
    requireAllowed(session, 'approve-dead-letter-action');
    const job = await deadLetterOf(c.req.param('jobId'));
    const pending = await store.getDeadLetterRequest(job.id);
    if (!pending) throw refused(409, 'deadLetterNothingBody');
    const approver = operatorOf(session);
    const outcome = await approveDeadLetterAction(store, job, pending, approver, deps.clock().toISOString());
    if (outcome === 'same-actor') throw refused(403, 'deadLetterFourEyesBody');
    if (outcome === 'no-request') throw refused(409, 'deadLetterNothingBody');
    if (outcome === 'not-dead') throw refused(409, 'deadLetterGoneBody');
    c.get('log')?.info({ jobId: job.id, applicationId: job.applicationId, staffId: approver.id, requestedBy: pending.requestedBy.id, action: pending.action }, 'dead letter action approved in the console');
    if (pending.action === 'replay') deps.runner?.wake();
    return c.redirect('/console/dead-letters', 303);
  });
}
