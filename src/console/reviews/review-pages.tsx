import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { auditPersonalDataView } from '../../audit/audit-listeners.js';
import { jstDayBounds } from '../../audit/jst-day.js';
import type { Catalog } from '../../catalog/procedure.js';
import type { Actor } from '../../reviews/actor.js';
import { openDecisions } from '../../reviews/open-decisions.js';
import type { ReviewDesk } from '../../reviews/review-desk.js';
import type { Decision } from '../../reviews/review-rules.js';
import { allowedActions, isAllowed, type StaffAction } from '../../staff/authorization.js';
import type { ActiveSession } from '../../staff/staff-sessions.js';
import { REVIEW_STATES, type ReviewRecord, type Store } from '../../store/types.js';
import type { ConsoleEnv } from '../console-env.js';
import { ConsoleError } from '../console-error.js';
import { checkedForm } from '../csrf.js';
import { ApplicationPage } from '../pages/application-page.js';
import { QueuePage, type QueueFilters } from '../pages/queue-page.js';
import type { Language } from '../texts.js';
import { applicationFacts } from './application-facts.js';
import { asConsolePage } from './decision-refusals.js';
import { formEntries } from './form-entries.js';
import { procedureTitle } from './review-labels.js';
import { actorOfStaff } from './staff-actor.js';

/** What the review pages need of the gateway. */
export interface ReviewPagesDependencies {
  desk: ReviewDesk;
  store: Store;
  catalog: Catalog;
  clock: () => Date;
}

/** What the review pages need of the console around them. */
export interface ReviewPagesContext {
  language: (c: Context) => Language;
  page: (c: Context, status: number, element: JSX.Element) => Promise<Response>;
  formLimit: MiddlewareHandler;
}

const PAGE_SIZE = 20;
/** Application ids are UUIDs; anything else is not one (and never reaches the store). */
const APPLICATION_ID = /^[\w-]{1,128}$/;

/** The authorisation matrix's action for each decision. */
const DECISION_ACTIONS: Record<Decision, StaffAction> = { claim: 'claim-review', approve: 'approve-review', reject: 'reject-review', return: 'return-for-correction' };

function badQuery(field: string): ConsoleError {
  return new ConsoleError(400, 'badQueryTitle', 'badQueryBody', false, { detail: field });
}

function notFound(): ConsoleError {
  return new ConsoleError(404, 'notFoundTitle', 'notFoundBody');
}

function reviewerOf(session: ActiveSession): Actor {
  const actor = allowedActions(session.staff).includes('view-queue') ? actorOfStaff(session.staff) : undefined;
  if (!actor) throw new ConsoleError(403, 'noQueueTitle', 'noQueueBody');
  return actor;
}

function filtersOf(c: Context, catalog: Catalog): QueueFilters & { after?: string } {
  const filters: QueueFilters & { after?: string } = {};
  const procedure = c.req.query('procedure') || undefined;
  if (procedure !== undefined) {
    if (!catalog.get(procedure)) throw badQuery('procedure');
    filters.procedureId = procedure;
  }
  const status = c.req.query('status') || undefined;
  if (status !== undefined) {
    if (!(REVIEW_STATES as readonly string[]).includes(status)) throw badQuery('status');
    filters.state = status as ReviewRecord['state'];
  }
  const overdue = c.req.query('overdue') || undefined;
  if (overdue !== undefined) {
    if (overdue !== 'yes') throw badQuery('overdue');
    filters.overdue = true;
  }
  for (const name of ['receivedFrom', 'receivedTo'] as const) {
    const day = c.req.query(name) || undefined;
    if (day === undefined) continue;
    if (!jstDayBounds(day)) throw badQuery(name);
    filters[name] = day;
  }
  const after = c.req.query('after') || undefined;
  if (after !== undefined) {
    if (!APPLICATION_ID.test(after)) throw badQuery('after');
    filters.after = after;
  }
  return filters;
}

/**
 * The review queue and an application's page with its decision forms, for
 * the signed-in staff member's wards. Mounted behind the console's session
 * check; the console's same-origin check covers the decision posts.
 */
export function registerReviewPages(app: Hono<ConsoleEnv>, deps: ReviewPagesDependencies, shell: ReviewPagesContext): void {
  const reviewTypes = deps.catalog
    .list()
    .filter((compiled) => compiled.procedure.route.some((step) => step.action === 'review'))
    .map((compiled) => compiled.procedure.id);

  app.get('/reviews', async (c) => {
    const actor = reviewerOf(c.get('session'));
    const language = shell.language(c);
    const { after, ...filters } = filtersOf(c, deps.catalog);
    const { receivedFrom, receivedTo, ...exact } = filters;
    const found = await deps.desk.list(actor, {
      ...exact,
      ...(receivedFrom ? { createdFrom: jstDayBounds(receivedFrom)!.from } : {}),
      ...(receivedTo ? { createdBefore: jstDayBounds(receivedTo)!.to } : {}),
      ...(after ? { after } : {}),
      limit: PAGE_SIZE + 1,
    });
    const reviews = found.slice(0, PAGE_SIZE);
    const next = found.length > PAGE_SIZE ? reviews.at(-1)!.applicationId : null;
    const procedures = reviewTypes.map((id) => ({ id, title: procedureTitle(deps.catalog, id, language) }));
    return shell.page(c, 200, <QueuePage language={language} actor={actor} reviews={reviews} procedures={procedures} filters={filters} next={next} paged={after !== undefined} />);
  });

  app.get('/reviews/:applicationId', async (c) => {
    const session = c.get('session');
    const actor = reviewerOf(session);
    const language = shell.language(c);
    const id = c.req.param('applicationId');
    if (!APPLICATION_ID.test(id)) throw notFound();
    const review = await asConsolePage(() => deps.desk.get(actor, id));
    const application = await deps.store.getApplication(id);
    if (!application || !isAllowed(session.staff, 'view-application', review.ward)) throw notFound();
    const compiled = deps.catalog.get(review.procedureId);
    const showsPersonalData = compiled !== undefined && isAllowed(session.staff, 'view-personal-data', review.ward) && application.purgedAt === undefined;
    if (showsPersonalData) {
      // purpose-bound access: each view of the form and its facts is on the audit trail before it is shown
      await auditPersonalDataView(deps.store, session.staff, id, deps.clock().toISOString());
    }
    const decisions = openDecisions(review, actor, deps.clock().toISOString()).filter((decision) => isAllowed(session.staff, DECISION_ACTIONS[decision], review.ward));
    return shell.page(
      c,
      200,
      <ApplicationPage
        language={language}
        procedureTitle={procedureTitle(deps.catalog, review.procedureId, language)}
        review={review}
        application={application}
        form={showsPersonalData ? formEntries(compiled.procedure.form.fields, application.form, language) : null}
        facts={showsPersonalData ? await applicationFacts(deps.store, application) : null}
        timeline={await deps.store.getTimeline(id)}
        decisions={decisions}
        csrfToken={session.csrfToken}
      />,
    );
  });

  app.post('/reviews/:applicationId/decision', shell.formLimit, async (c) => {
    const session = c.get('session');
    const form = await checkedForm(c, session);
    const actor = reviewerOf(session);
    const id = c.req.param('applicationId');
    if (!APPLICATION_ID.test(id)) throw notFound();
    const decision = form['decision'] as Decision;
    if (!Object.hasOwn(DECISION_ACTIONS, decision)) throw new ConsoleError(400, 'decisionRefusedTitle', 'unknownDecisionBody');
    const review = await asConsolePage(() => deps.desk.get(actor, id));
    if (!isAllowed(session.staff, DECISION_ACTIONS[decision], review.ward)) throw new ConsoleError(403, 'decisionRefusedTitle', 'roleNotAllowedBody');
    await asConsolePage(() => {
      if (decision === 'claim') return deps.desk.claim(actor, id);
      if (decision === 'approve') return deps.desk.approve(actor, id);
      if (decision === 'reject') return deps.desk.reject(actor, id, form['reason']);
      return deps.desk.returnForCorrection(actor, id, form['reason']);
    });
    return c.redirect(`/console/reviews/${encodeURIComponent(id)}`, 303);
  });
}
