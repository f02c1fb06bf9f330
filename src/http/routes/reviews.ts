import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { InputError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import { wardByCode } from '../../reviews/osaka-wards.js';
import type { ReviewDesk } from '../../reviews/review-desk.js';
import { MAX_REASON_CHARS } from '../../reviews/review-reason.js';
import { REVIEW_STATES, type ReviewRecord } from '../../store/types.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { requireActor, type ActorResolver } from '../review-actor.js';
import { problemResponse } from '../schemas.js';
import type { Actor } from '../../reviews/actor.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const DECISION_BODY_BYTES = 8 * 1024;
const DECISION_BODY_DEPTH = 4;
const MAX_ID_LENGTH = 128;

export interface ReviewRoutesOptions {
  desk: ReviewDesk;
  resolveActor: ActorResolver;
}

const ReviewSchema = z
  .object({
    applicationId: z.string(),
    procedureId: z.string(),
    step: z.string().openapi({ description: 'The review step of the route' }),
    ward: z.string().openapi({ example: '271276', description: '地方公共団体コード of the ward whose queue holds it' }),
    wardName: z.string().openapi({ example: '北区' }),
    state: z.enum(REVIEW_STATES),
    approvalsRequired: z.number().int().openapi({ description: '2: two different people must approve (four eyes)' }),
    approvals: z.array(z.object({ role: z.string(), at: z.string() })).openapi({ description: 'Approvals so far, by role (who approved is in the audit trail)' }),
    claimed: z.boolean(),
    claimedByYou: z.boolean(),
    deadline: z.string(),
    overdue: z.boolean().openapi({ description: 'Past the deadline: escalated to the approvers' }),
    reason: z.string().nullable().openapi({ description: 'The reason of a rejection or return, as the resident reads it; null once the retention purge removed the application’s personal data' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Review');

const ReviewPageSchema = z
  .object({ items: z.array(ReviewSchema), next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null on the last page' }) })
  .openapi('ReviewPage');

const DecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'return']).openapi({ description: 'return = 差戻し: back to the resident for correction' }),
    reason: z.string().optional().openapi({ description: `Required to reject or return: plain text of 1–${MAX_REASON_CHARS} characters, shown to the resident` }),
  })
  .strict()
  .openapi('ReviewDecision');

const IdParams = z.object({ applicationId: z.string() });

function queryIssue(name: string, message: string): InputError {
  return new InputError('query-invalid', message, [{ pointer: `query:${name}`, code: 'invalid', message }], { semantic: false });
}

function viewOf(review: ReviewRecord, actor: Actor): z.infer<typeof ReviewSchema> {
  return {
    applicationId: review.applicationId,
    procedureId: review.procedureId,
    step: review.step,
    ward: review.ward,
    wardName: wardByCode(review.ward)?.name ?? review.ward,
    state: review.state,
    approvalsRequired: review.approvalsRequired,
    approvals: review.approvals.map(({ role, at }) => ({ role, at })),
    claimed: review.claimedBy !== null,
    claimedByYou: review.claimedBy !== null && review.claimedBy.kind === actor.kind && review.claimedBy.id === actor.id,
    deadline: review.deadline,
    overdue: review.overdue,
    reason: review.reason,
    createdAt: review.createdAt,
    updatedAt: review.updatedAt,
  };
}

function applicationIdOf(raw: string): string {
  // Longer than any application id: unknown, answered like one outside the actor's wards.
  return raw.length <= MAX_ID_LENGTH ? raw : '';
}

/**
 * The ward's review queue and the decisions on it. Refusals are problem+json:
 * 404 for a review that does not exist or is outside the actor's wards, 409
 * for one no longer under review or claimed by someone else, 403 for the same
 * person approving twice or a role that may not decide.
 */
export function registerReviewRoutes(app: OpenAPIHono<AppEnv>, options: ReviewRoutesOptions): void {
  const { desk, resolveActor } = options;
  registerDocs(app);

  app.get('/v1/admin/reviews', async (c) => {
    const actor = await requireActor(c, resolveActor);
    const query = c.req.query();
    const limit = query.limit === undefined ? DEFAULT_LIMIT : /^\d{1,3}$/.test(query.limit) && Number(query.limit) >= 1 && Number(query.limit) <= MAX_LIMIT ? Number(query.limit) : undefined;
    if (limit === undefined) throw queryIssue('limit', `limit is a whole number from 1 to ${MAX_LIMIT}.`);
    if (query.ward !== undefined && !wardByCode(query.ward)) throw queryIssue('ward', 'ward is the 6-digit 地方公共団体コード of one of the 24 wards, such as 271276 (北区).');
    if (query.status !== undefined && !(REVIEW_STATES as readonly string[]).includes(query.status)) throw queryIssue('status', `status is one of ${REVIEW_STATES.join(', ')}.`);
    if (query.overdue !== undefined && query.overdue !== 'true' && query.overdue !== 'false') throw queryIssue('overdue', 'overdue is true or false.');
    if (query.procedureId !== undefined && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(query.procedureId)) throw queryIssue('procedureId', 'procedureId is a procedure id of the catalog.');
    if (query.after !== undefined && (query.after.length === 0 || query.after.length > MAX_ID_LENGTH)) throw queryIssue('after', 'after is the `next` value of the previous page.');
    const reviews = await desk.list(actor, {
      limit,
      ...(query.ward !== undefined ? { ward: query.ward } : {}),
      ...(query.procedureId !== undefined ? { procedureId: query.procedureId } : {}),
      ...(query.status !== undefined ? { state: query.status as ReviewRecord['state'] } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue === 'true' } : {}),
      ...(query.after !== undefined ? { after: query.after } : {}),
    });
    c.header('cache-control', 'no-store');
    return c.json({ items: reviews.map((review) => viewOf(review, actor)), next: reviews.length === limit ? reviews.at(-1)!.applicationId : null });
  });

  app.get('/v1/admin/reviews/:applicationId', async (c) => {
    const actor = await requireActor(c, resolveActor);
    const review = await desk.get(actor, applicationIdOf(c.req.param('applicationId')));
    c.header('cache-control', 'no-store');
    return c.json(viewOf(review, actor));
  });

  app.post('/v1/admin/reviews/:applicationId/claim', async (c) => {
    const actor = await requireActor(c, resolveActor);
    const review = await desk.claim(actor, applicationIdOf(c.req.param('applicationId')));
    return c.json(viewOf(review, actor));
  });

  app.post('/v1/admin/reviews/:applicationId/decision', limitBody(DECISION_BODY_BYTES), async (c) => {
    const actor = await requireActor(c, resolveActor);
    const parsed = DecisionSchema.safeParse(await readJsonBody(c, DECISION_BODY_DEPTH));
    if (!parsed.success) throw new InputError('review-decision-invalid', 'Send { "decision": "approve" | "reject" | "return", "reason": "…" }.', issuesFromZod(parsed.error, ''));
    const id = applicationIdOf(c.req.param('applicationId'));
    const { decision, reason } = parsed.data;
    const review =
      decision === 'approve' ? await desk.approve(actor, id) : decision === 'reject' ? await desk.reject(actor, id, reason) : await desk.returnForCorrection(actor, id, reason);
    c.get('log').info({ applicationId: id, decision, actor: actor.kind, role: actor.role }, 'review decision');
    return c.json(viewOf(review, actor));
  });
}

function registerDocs(app: OpenAPIHono<AppEnv>): void {
  const staffOnly = { 401: problemResponse('No or unknown API key'), 403: problemResponse('Not staff') };
  const one = { 200: { description: 'The review as it now stands', content: { 'application/json': { schema: ReviewSchema } } } };
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/admin/reviews',
    tags: ['reviews'],
    summary: "The review queue of the caller's wards, oldest first",
    description:
      'Applications a route step `review` put in a ward\'s queue (status `under-review`), and reviews decided since. Filters: `ward` (地方公共団体コード), `procedureId`, `status` ' +
      `(${REVIEW_STATES.join(', ')}), \`overdue\` (true: past the deadline, escalated to the approvers). Page with \`after\` = the previous page's \`next\`.`,
    security: [{ bearer: [] }],
    request: {
      query: z.object({
        ward: z.string().optional().openapi({ example: '271276' }),
        procedureId: z.string().optional(),
        status: z.enum(REVIEW_STATES).optional(),
        overdue: z.enum(['true', 'false']).optional(),
        limit: z.string().optional().openapi({ description: `1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}` }),
        after: z.string().optional(),
      }),
    },
    responses: { 200: { description: 'A page of reviews', content: { 'application/json': { schema: ReviewPageSchema } } }, 400: problemResponse('Invalid filter or cursor'), ...staffOnly },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/admin/reviews/{applicationId}',
    tags: ['reviews'],
    summary: 'One review',
    security: [{ bearer: [] }],
    request: { params: IdParams },
    responses: { ...one, 404: problemResponse('No review of this application in your wards'), ...staffOnly },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/admin/reviews/{applicationId}/claim',
    tags: ['reviews'],
    summary: 'Claim a review: only you decide it until you do',
    description: 'Claiming one you hold already changes nothing. The resident\'s timeline says that a 審査担当 (clerk) started the review, never who.',
    security: [{ bearer: [] }],
    request: { params: IdParams },
    responses: { ...one, 404: problemResponse('No review of this application in your wards'), 409: problemResponse('No longer under review, or claimed by someone else'), ...staffOnly },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/admin/reviews/{applicationId}/decision',
    tags: ['reviews'],
    summary: 'Approve, reject, or return for correction (差戻し)',
    description:
      'approve: one approval; with `approvalsRequired: 2` the second must come from a different person (403 `review-four-eyes` otherwise), and the route goes on after it. ' +
      'reject: the route ends, with the reason in the resident\'s timeline. return: the frontend may send a corrected form (POST /v1/applications/{id}/corrections), after which the review opens again. ' +
      'Every decision is a timeline entry naming the role (審査担当 / 決裁者), not the person.',
    security: [{ bearer: [] }],
    request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: DecisionSchema } } } },
    responses: {
      ...one,
      400: problemResponse('Malformed body'),
      403: problemResponse('Not staff, a role that may not take this decision, or the same person approving twice'),
      404: problemResponse('No review of this application in your wards'),
      409: problemResponse('No longer under review, claimed by someone else, or changed meanwhile'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('Unknown decision, or a missing, too long or marked-up reason'),
      401: problemResponse('No or unknown API key'),
    },
  });
}
