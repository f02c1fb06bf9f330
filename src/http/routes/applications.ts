import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { DEFAULT_SUBMISSION_RATE } from '../../config.js';
import type { Catalog } from '../../catalog/procedure.js';
import { InputError } from '../../errors.js';
import { AccessTokens } from '../../intake/access-token.js';
import { applicationNotFound, type Intake } from '../../intake/intake.js';
import { SubmissionSchema } from '../../intake/submission.js';
import { retentionEndsAt } from '../../retention/retention-end.js';
import type { ApplicationRecord, Store, TimelineEntry } from '../../store/types.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import { countRefusals } from '../count-refusals.js';
import type { RateLimits } from '../../rate-limit/create-rate-limiter.js';
import { describePolicy, limitRate } from '../rate-limit.js';
import { perClient } from '../rate-subjects.js';
import type { AppEnv, Caller } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { AcceptedSchema, ApplicationStatusSchema, problemResponse } from '../schemas.js';

/** RFC 9110 token-ish keys: printable ASCII without spaces, as clients generate (UUIDs, ULIDs). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface ApplicationRoutesOptions {
  intake: Intake;
  store: Store;
  /** The procedures, for each application's retention period. */
  catalog: Pick<Catalog, 'get'>;
  bodyBytes: number;
  jsonDepth: number;
  /** Told the problem type code of every submission answered with a problem. */
  onRefused: (problemCode: string) => void;
  rateLimits: RateLimits;
}

function canSee(application: ApplicationRecord, caller: Caller | undefined, accessToken: string | undefined): boolean {
  if (caller?.role === 'staff') return true;
  if (caller?.role === 'frontend' && caller.id === application.clientId) return true;
  return accessToken !== undefined && AccessTokens.matches(accessToken, application.accessTokenHash);
}

/** Submission (`POST /v1/applications`) and status (`GET /v1/applications/{id}`). */
export function registerApplicationRoutes(app: OpenAPIHono<AppEnv>, options: ApplicationRoutesOptions): void {
  const { intake, store } = options;
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/applications',
    tags: ['applications'],
    summary: 'Submit an application',
    description:
      'Checks the form against its procedure, the JPKI signature and the payment, then records the application durably and answers 202. ' +
      'The Idempotency-Key header is required: a retry with the same key and body replays the first response (also the same access token); ' +
      'the same key with another body is a 422; a retry while the first is still running is a 409. Keys are scoped to the API client and ' +
      'kept for 24 hours (configurable); a key is bound only once an application was recorded. ' +
      `Submissions are limited per client (by default ${describePolicy(DEFAULT_SUBMISSION_RATE)}); the RateLimit-Policy and RateLimit response fields say where the client stands, and a 429 carries Retry-After.`,
    security: [{ bearer: [] }],
    request: {
      headers: z.object({ 'idempotency-key': z.string().min(1).max(255).openapi({ example: '01J9Z3X4C5V6B7N8M9Q0W1E2R3' }) }),
      body: { required: true, content: { 'application/json': { schema: SubmissionSchema } } },
    },
    responses: {
      202: { description: 'Recorded', content: { 'application/json': { schema: AcceptedSchema } } },
      400: problemResponse('Malformed body or missing Idempotency-Key'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a frontend client'),
      409: problemResponse('Same key still in flight, signature replayed, or payment already used'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('Invalid form, signature, payment, or key reused with another body'),
      429: problemResponse("Over the client's submission limit; retry after Retry-After"),
      503: problemResponse('Revocation status or payment provider unavailable; retry after Retry-After'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}',
    tags: ['applications'],
    summary: 'Status, timeline, deliveries and certificates of an application',
    description:
      'Visible to the submitting frontend client, to staff, and to the holder of the access token (X-Access-Token). Everyone else gets 404. ' +
      "Once the procedure's retention period (保存期間, counted from the terminal status) has ended, the personal data are removed and the answer is still 200, " +
      'with purged: true and purgedAt: the application, its status history and its dates stay answerable; its form data, timeline details and certificate documents do not. ' +
      'Until then retentionEndsAt says when that will be (null while the application is open).',
    security: [{ bearer: [] }, { accessToken: [] }],
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: { description: 'The application', content: { 'application/json': { schema: ApplicationStatusSchema } } },
      404: problemResponse('Unknown, or not visible to the caller'),
    },
  });

  app.post(
    '/v1/applications',
    countRefusals(options.onRefused),
    requireRole('frontend'),
    limitRate('submissions', options.rateLimits.limiter, perClient(options.rateLimits.submissions)),
    limitBody(options.bodyBytes),
    async (c) => {
      const key = c.req.header('idempotency-key');
      if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
        throw new InputError('idempotency-key-missing', 'Send an Idempotency-Key header (1–255 printable ASCII characters) with every submission.', [
          { pointer: 'header:Idempotency-Key', code: key === undefined ? 'required' : 'invalid-format', message: '1–255 printable ASCII characters.' },
        ], { semantic: false });
      }
      const body = await readJsonBody(c, options.jsonDepth);
      const response = await intake.submit(c.get('caller')!.id, key, body);
      c.set('requestLogFields', response.recorded ?? (response.replayed ? { replayed: true } : undefined));
      for (const [name, value] of Object.entries(response.headers)) c.header(name, value);
      if (response.replayed) c.header('idempotent-replayed', 'true');
      c.header('cache-control', 'no-store');
      return c.body(response.body, response.status as 202, { 'content-type': 'application/json' });
    },
  );

  /** When the application's personal data will be removed: its procedure's period after the terminal status; null while it is open. */
  function retentionEndOf(application: ApplicationRecord, timeline: TimelineEntry[]): string | null {
    const procedure = options.catalog.get(application.procedureId)?.procedure;
    return procedure ? (retentionEndsAt(application.status, timeline, procedure.retention)?.toISOString() ?? null) : null;
  }

  app.get('/v1/applications/:id', async (c) => {
    const id = c.req.param('id');
    const application = id.length <= 128 ? await store.getApplication(id) : null;
    if (!application || !canSee(application, c.get('caller'), c.req.header('x-access-token'))) throw applicationNotFound();
    const [timeline, deliveries, certificates] = await Promise.all([store.getTimeline(id), store.listDeliveries(id), store.listCertificates(id)]);
    c.header('cache-control', 'no-store');
    return c.json({
      id: application.id,
      procedureId: application.procedureId,
      status: application.status,
      createdAt: application.createdAt,
      updatedAt: application.updatedAt,
      timeline,
      deliveries: deliveries.map(({ system, messageId, state, attempts, lastError, updatedAt }) => ({ system, messageId, state, attempts, lastError, updatedAt })),
      certificates: certificates.map((certificate) => ({
        id: certificate.id,
        type: certificate.type,
        issuedAt: certificate.issuedAt,
        revoked: certificate.revokedAt !== null,
        url: `/v1/certificates/${certificate.id}`,
      })),
      purged: application.purgedAt !== undefined,
      ...(application.purgedAt === undefined ? { retentionEndsAt: retentionEndOf(application, timeline) } : { purgedAt: application.purgedAt }),
    });
  });
}
