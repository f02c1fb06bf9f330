import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { Catalog } from '../../catalog/procedure.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import { approveDeadLetterAction, requestDeadLetterAction } from '../../runner/dead-letter-actions.js';
import type { DeadLetterRequest, JobRecord, Store } from '../../store/types.js';
import { auditActorOf } from '../audit-actor.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { problemResponse } from '../schemas.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
/** A discard body is one short reason; anything bigger is not one. */
const DISCARD_BODY_BYTES = 4 * 1024;
const DISCARD_BODY_DEPTH = 4;
const MAX_ID_LENGTH = 200;

export interface DeadLetterRoutesOptions {
  store: Store;
  /** To name each dead letter's system from its procedure's route. */
  catalog?: Catalog;
  /** Woken after a replay so the job runs at once rather than at the next poll. */
  runner?: { wake(): void };
  clock?: () => Date;
}

const PendingSchema = z
  .object({
    action: z.enum(['replay', 'discard']),
    reason: z.string().nullable(),
    requestedBy: z.string().openapi({ description: 'The API client (or staff member) who asked' }),
    requestedAt: z.string(),
  })
  .openapi('DeadLetterPendingAction');

const AwaitingApprovalSchema = z
  .object({ id: z.string(), state: z.literal('awaiting-approval'), pending: PendingSchema })
  .openapi('DeadLetterAwaitingApproval');

const DeadLetterSchema = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    procedureId: z.string().optional(),
    step: z.string().openapi({ description: 'The route step name' }),
    system: z.string().optional(),
    reason: z.string().openapi({ example: 'gave up after 8 attempts: upstream-unavailable' }),
    attempts: z.number().int().openapi({ description: 'Attempts made, the last one included' }),
    updatedAt: z.string(),
    pending: PendingSchema.nullable().openapi({ description: 'A replay or discard waiting for a second person, or null' }),
  })
  .openapi('DeadLetter');

const DeadLetterPageSchema = z
  .object({
    items: z.array(DeadLetterSchema),
    next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null on the last page' }),
  })
  .openapi('DeadLetterPage');

const DiscardSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict().openapi('DiscardDeadLetter');

const IdParams = z.object({ id: z.string().openapi({ example: '2b0c4a0e-3f5e-4d8b-9a57-0c2f7a1d9e11:1' }) });

function queryIssue(name: string, message: string): InputError {
  return new InputError('query-invalid', message, [{ pointer: `query:${name}`, code: 'invalid', message }], { semantic: false });
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) throw queryIssue('limit', `limit is a whole number from 1 to ${MAX_LIMIT}.`);
  return Number(raw);
}

async function deadLetterOf(store: Store, id: string): Promise<JobRecord> {
  const job = id.length <= MAX_ID_LENGTH ? await store.getJob(id) : null;
  if (!job) throw new NotFoundError('dead-letter-not-found', 'There is no job with this id.');
  if (job.state !== 'dead') throw new ConflictError('not-a-dead-letter', `The job is ${job.state}, not dead.`);
  return job;
}

function pendingOf(request: DeadLetterRequest): z.infer<typeof PendingSchema> {
  return { action: request.action, reason: request.reason, requestedBy: request.requestedBy.id, requestedAt: request.requestedAt };
}

/**
 * Staff handling of dead letters, four eyes: list them (never their payloads,
 * which may hold personal data), request a replay (the step runs again with
 * the same message id) or a discard with a reason, and approve what someone
 * else requested; until then nothing moves. The approval lands in the
 * application's timeline under `staff:<client id>`; request and approval are
 * audit-trail entries (each in the same transaction as its change) naming the
 * client that made them.
 */
export function registerDeadLetterRoutes(app: OpenAPIHono<AppEnv>, options: DeadLetterRoutesOptions): void {
  const { store, catalog, runner } = options;
  const clock = options.clock ?? (() => new Date());
  registerDocs(app);

  app.get('/v1/admin/dead-letters', requireRole('staff'), async (c) => {
    const limit = parseLimit(c.req.query('limit'));
    const after = c.req.query('after');
    if (after !== undefined && (after.length === 0 || after.length > MAX_ID_LENGTH)) throw queryIssue('after', 'after is the `next` value of the previous page.');
    const jobs = await store.listDeadLetters(limit, after);
    const items = await Promise.all(
      jobs.map(async (job): Promise<z.infer<typeof DeadLetterSchema>> => {
        const application = await store.getApplication(job.applicationId);
        const procedureId = application?.procedureId;
        const system = procedureId ? catalog?.get(procedureId)?.procedure.route[job.step]?.system : undefined;
        return {
          id: job.id,
          applicationId: job.applicationId,
          ...(procedureId ? { procedureId } : {}),
          step: job.name,
          ...(system ? { system } : {}),
          reason: job.lastError ?? 'no reason recorded',
          // The store counts retries; the attempt that ended in the dead letter is one more.
          attempts: job.attempts + 1,
          updatedAt: job.updatedAt,
          pending: await store.getDeadLetterRequest(job.id).then((request) => (request ? pendingOf(request) : null)),
        };
      }),
    );
    c.header('cache-control', 'no-store');
    return c.json({ items, next: jobs.length === limit ? jobs.at(-1)!.id : null });
  });

  /** Stores the request; the job waits for someone else's approval. */
  async function request(c: Context<AppEnv>, job: JobRecord, action: DeadLetterRequest['action'], reason: string | null) {
    const caller = c.get('caller')!;
    const { outcome, request: pending } = await requestDeadLetterAction(store, job, action, reason, auditActorOf(caller), clock().toISOString());
    if (outcome === 'not-dead') throw new ConflictError('not-a-dead-letter', 'The job was replayed or discarded meanwhile.');
    if (outcome === 'already-requested') throw new ConflictError('dead-letter-request-pending', 'A replay or discard of this dead letter is already waiting for approval.');
    c.get('log').info({ jobId: job.id, applicationId: job.applicationId, staff: caller.id, action }, 'dead letter action requested');
    return c.json({ id: job.id, state: 'awaiting-approval' as const, pending: pendingOf(pending) }, 202);
  }

  app.post('/v1/admin/dead-letters/:id/replay', requireRole('staff'), async (c) => request(c, await deadLetterOf(store, c.req.param('id')), 'replay', null));

  app.post(
    '/v1/admin/dead-letters/:id/discard',
    requireRole('staff'),
    limitBody(DISCARD_BODY_BYTES),
    async (c) => {
      const parsed = DiscardSchema.safeParse(await readJsonBody(c, DISCARD_BODY_DEPTH));
      if (!parsed.success) throw new InputError('discard-invalid', 'Send { "reason": "…" } with 1–500 characters.', issuesFromZod(parsed.error, ''));
      return request(c, await deadLetterOf(store, c.req.param('id')), 'discard', parsed.data.reason);
    },
  );

  app.post('/v1/admin/dead-letters/:id/approve', requireRole('staff'), async (c) => {
    const job = await deadLetterOf(store, c.req.param('id'));
    const pending = await store.getDeadLetterRequest(job.id);
    const nothing = () => new ConflictError('no-dead-letter-request', 'No replay or discard of this dead letter is waiting for approval.');
    if (!pending) throw nothing();
    const caller = c.get('caller')!;
    const approver = auditActorOf(caller);
    const fourEyes = () => new ForbiddenError('four-eyes-required', 'You requested this action; a colleague must approve it.');
    const outcome = await approveDeadLetterAction(store, job, pending, approver, clock().toISOString());
    if (outcome === 'same-actor') throw fourEyes();
    if (outcome === 'no-request') throw nothing();
    if (outcome === 'not-dead') throw new ConflictError('not-a-dead-letter', 'The job was replayed or discarded meanwhile.');
    c.get('log').info({ jobId: job.id, applicationId: job.applicationId, staff: caller.id, requestedBy: pending.requestedBy.id, action: pending.action }, 'dead letter action approved');
    if (pending.action === 'discard') return c.json({ id: job.id, state: 'discarded' as const }, 200);
    runner?.wake();
    return c.json({ id: job.id, state: 'ready' as const }, 202);
  });
}

function registerDocs(app: OpenAPIHono<AppEnv>): void {
  const staffOnly = { 401: problemResponse('No or unknown API key'), 403: problemResponse('Not a staff client') };
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/admin/dead-letters',
    tags: ['dead letters'],
    summary: 'List dead letters, oldest change first',
    description:
      'Messages that could not be delivered (a permanent error, retries exhausted, or no reply before the deadline), with the reason. ' +
      'Never shows the message payload: it may hold personal data. Page with `after` = the previous page\'s `next`.',
    security: [{ bearer: [] }],
    request: {
      query: z.object({
        limit: z.string().optional().openapi({ description: `1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}`, example: '50' }),
        after: z.string().optional().openapi({ description: 'The `next` value of the previous page' }),
      }),
    },
    responses: { 200: { description: 'A page of dead letters', content: { 'application/json': { schema: DeadLetterPageSchema } } }, 400: problemResponse('Invalid limit or cursor'), ...staffOnly },
  });
  const awaiting = { 202: { description: 'Waiting for a second person to approve', content: { 'application/json': { schema: AwaitingApprovalSchema } } } };
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/admin/dead-letters/{id}/replay',
    tags: ['dead letters'],
    summary: 'Ask to run a dead letter again (four eyes)',
    description:
      'Records the request; nothing runs until another staff client (or staff member) approves it with POST …/approve. ' +
      'Then the step runs again with the same message id (systems drop a duplicate), with its attempts reset. ' +
      'Contract change: this answered 202 { state: "ready" } and replayed at once; it now answers 202 { state: "awaiting-approval" }.',
    security: [{ bearer: [] }],
    request: { params: IdParams },
    responses: {
      ...awaiting,
      404: problemResponse('No such job'),
      409: problemResponse('The job is not a dead letter, or an action is already waiting for approval'),
      ...staffOnly,
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/admin/dead-letters/{id}/discard',
    tags: ['dead letters'],
    summary: 'Ask to give up on a dead letter, with a reason (four eyes)',
    description:
      'Records the request; nothing changes until another staff client approves it with POST …/approve. Then the application is marked failed, ' +
      'with the reason in its timeline (visible to the applicant: write it for them) and in the audit trail: never write personal data into it. ' +
      'Contract change: this answered 200 { state: "discarded" } at once; it now answers 202 { state: "awaiting-approval" }.',
    security: [{ bearer: [] }],
    request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: DiscardSchema } } } },
    responses: {
      ...awaiting,
      400: problemResponse('Malformed body'),
      404: problemResponse('No such job'),
      409: problemResponse('The job is not a dead letter, or an action is already waiting for approval'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('Missing or too long reason'),
      ...staffOnly,
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/admin/dead-letters/{id}/approve',
    tags: ['dead letters'],
    summary: 'Approve the replay or discard someone else asked for',
    description:
      'Carries out the waiting request: a replay queues the step now (202 { state: "ready" }), a discard marks the application failed ' +
      '(200 { state: "discarded" }). Whoever asked cannot approve (403 four-eyes-required). The timeline names both; the audit trail records the approval as this client.',
    security: [{ bearer: [] }],
    request: { params: IdParams },
    responses: {
      200: { description: 'Discarded', content: { 'application/json': { schema: z.object({ id: z.string(), state: z.literal('discarded') }) } } },
      202: { description: 'Queued again', content: { 'application/json': { schema: z.object({ id: z.string(), state: z.literal('ready') }) } } },
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a staff client, or the one who requested the action'),
      404: problemResponse('No such job'),
      409: problemResponse('The job is not a dead letter, or nothing is waiting for approval'),
    },
  });
}
