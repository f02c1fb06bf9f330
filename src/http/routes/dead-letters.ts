import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Catalog } from '../../catalog/procedure.js';
import { ConflictError, InputError, NotFoundError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import type { JobRecord, Store } from '../../store/types.js';
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
  return new InputError('query-invalid', 'Invalid query', message, [{ pointer: `query:${name}`, code: 'invalid', message }], { semantic: false });
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) throw queryIssue('limit', `limit is a whole number from 1 to ${MAX_LIMIT}.`);
  return Number(raw);
}

async function deadLetterOf(store: Store, id: string): Promise<JobRecord> {
  const job = id.length <= MAX_ID_LENGTH ? await store.getJob(id) : null;
  if (!job) throw new NotFoundError('dead-letter-not-found', 'Dead letter not found', 'There is no job with this id.');
  if (job.state !== 'dead') throw new ConflictError('not-a-dead-letter', 'Not a dead letter', `The job is ${job.state}, not dead.`);
  return job;
}

/**
 * Staff handling of dead letters: list them (never their payloads, which may
 * hold personal data), replay one (the step runs again with the same message
 * id), or discard one with a reason. Every action lands in the application's
 * timeline under `staff:<client id>`, and in the audit trail (in the same
 * transaction as the job's change) as that client.
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
        };
      }),
    );
    c.header('cache-control', 'no-store');
    return c.json({ items, next: jobs.length === limit ? jobs.at(-1)!.id : null });
  });

  app.post('/v1/admin/dead-letters/:id/replay', requireRole('staff'), async (c) => {
    const job = await deadLetterOf(store, c.req.param('id'));
    const caller = c.get('caller')!;
    const now = clock().toISOString();
    // The entry goes first: once replayed the runner may write the step's own entries at any moment.
    await store.appendTimeline(job.applicationId, { status: 'in-progress', at: now, source: `staff:${caller.id}`, detail: `replayed by staff ${caller.id}` });
    const audit = { at: now, actor: auditActorOf(caller), action: 'dead-letter.replay', target: { type: 'dead-letter', id: job.id } };
    if (!(await store.replayDeadLetter(job.id, now, audit))) throw new ConflictError('not-a-dead-letter', 'Not a dead letter', 'The job was replayed or discarded meanwhile.');
    c.get('log').info({ jobId: job.id, applicationId: job.applicationId, staff: caller.id }, 'dead letter replayed');
    runner?.wake();
    return c.json({ id: job.id, state: 'ready' }, 202);
  });

  app.post(
    '/v1/admin/dead-letters/:id/discard',
    requireRole('staff'),
    limitBody(DISCARD_BODY_BYTES),
    async (c) => {
      const parsed = DiscardSchema.safeParse(await readJsonBody(c, DISCARD_BODY_DEPTH));
      if (!parsed.success) throw new InputError('discard-invalid', 'Invalid discard request', 'Send { "reason": "…" } with 1–500 characters.', issuesFromZod(parsed.error, ''));
      const job = await deadLetterOf(store, c.req.param('id'));
      const caller = c.get('caller')!;
      const now = clock().toISOString();
      const audit = { at: now, actor: auditActorOf(caller), action: 'dead-letter.discard', target: { type: 'dead-letter', id: job.id }, reason: parsed.data.reason };
      if (!(await store.discardDeadLetter(job.id, now, parsed.data.reason, audit))) {
        throw new ConflictError('not-a-dead-letter', 'Not a dead letter', 'The job was replayed or discarded meanwhile.');
      }
      await store.appendTimeline(job.applicationId, { status: 'failed', at: now, source: `staff:${caller.id}`, detail: `discarded by staff: ${parsed.data.reason}` });
      c.get('log').info({ jobId: job.id, applicationId: job.applicationId, staff: caller.id }, 'dead letter discarded');
      return c.json({ id: job.id, state: 'discarded' }, 200);
    },
  );
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
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/admin/dead-letters/{id}/replay',
    tags: ['dead letters'],
    summary: 'Run a dead letter again',
    description: 'The step runs again with the same message id (systems drop a duplicate), with its attempts reset. The application timeline records who replayed it, and the audit trail records the replay as this API client.',
    security: [{ bearer: [] }],
    request: { params: IdParams },
    responses: {
      202: { description: 'Queued', content: { 'application/json': { schema: z.object({ id: z.string(), state: z.literal('ready') }) } } },
      404: problemResponse('No such job'),
      409: problemResponse('The job is not a dead letter'),
      ...staffOnly,
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/admin/dead-letters/{id}/discard',
    tags: ['dead letters'],
    summary: 'Give up on a dead letter, with a reason',
    description: 'The application is marked failed, with the reason in its timeline (visible to the applicant: write it for them). The audit trail records the discard and its reason as this API client: never write personal data into the reason.',
    security: [{ bearer: [] }],
    request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: DiscardSchema } } } },
    responses: {
      200: { description: 'Discarded', content: { 'application/json': { schema: z.object({ id: z.string(), state: z.literal('discarded') }) } } },
      400: problemResponse('Malformed body'),
      404: problemResponse('No such job'),
      409: problemResponse('The job is not a dead letter'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('Missing or too long reason'),
      ...staffOnly,
    },
  });
}
