import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Catalog } from '../../catalog/procedure.js';
import { InputError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import { CHALLENGE_PATTERN } from '../../prefill/challenges.js';
import type { Prefill } from '../../prefill/prefill.js';
import { PERSON_FACTS } from '../../prefill/prefill-facts.js';
import { PREFILL_CHALLENGE_TTL_SECONDS } from '../../store/parts/prefill-challenge-store.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { problemResponse } from '../schemas.js';

/** A prefill request is a procedure id, a challenge and a signature of at most 64 KiB of base64. */
const PREFILL_BODY_BYTES = 96 * 1024;
const PREFILL_JSON_DEPTH = 3;

const ChallengeSchema = z
  .object({
    challenge: z.string().openapi({ description: '32 random bytes, base64url (43 characters): what the resident signs, as this text', example: 'q3n0Zf1m2VQ0m9v8i1Qe6n3o0lKq2c9H4bq1w0y8s5A' }),
    expiresAt: z.string().openapi({ description: `When it can no longer be used (${PREFILL_CHALLENGE_TTL_SECONDS / 60} minutes after it was issued)`, example: '2026-12-03T10:20:30.000Z' }),
  })
  .openapi('PrefillChallenge');

const PrefillRequestSchema = z
  .object({
    procedureId: z.string().max(64).openapi({ example: 'juminhyo-copy' }),
    challenge: z.string().regex(CHALLENGE_PATTERN, { error: 'The challenge as GET /v1/prefill/challenge issued it: 43 base64url characters.' }),
    signature: z
      .object({
        format: z.literal('cms-detached'),
        value: z.string().min(1).max(65_536).openapi({ description: 'Detached CMS SignedData (base64) over the challenge text, made with the 利用者証明用電子証明書' }),
      })
      .strict(),
  })
  .strict()
  .openapi('PrefillRequest');

const PrefillResponseSchema = z
  .object({
    procedureId: z.string(),
    form: z.record(z.string(), z.unknown()).openapi({
      description: 'A partial form: only the fields the procedure declares for prefill and the register has a value for. Merge it into the form and let the resident check it.',
      example: { applicant: { name: '髙橋　一郎', nameKana: 'タカハシ　イチロウ', birthDate: '1989-01-07', gender: '1', postalCode: '530-0043', address: '大阪府大阪市北区天満2丁目1番8号' } },
    }),
    filled: z.array(z.string()).openapi({ description: 'JSON Pointers (inside the form) of the fields filled', example: ['/applicant/name', '/request/members'] }),
    facts: z.array(z.enum([...PERSON_FACTS, 'household'])).openapi({ description: 'The kinds of register fact used' }),
  })
  .openapi('PrefillResult');

export interface PrefillRoutesOptions {
  prefill: Prefill;
  catalog: Catalog;
}

/** Prefill (記入の手間を減らす): a challenge to sign, then the register's facts for the resident who signed it. */
export function registerPrefillRoutes(app: OpenAPIHono<AppEnv>, options: PrefillRoutesOptions): void {
  const { prefill, catalog } = options;
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/prefill/challenge',
    tags: ['prefill'],
    summary: 'A challenge for the resident to sign with the authentication certificate',
    description: `Single use, for ${PREFILL_CHALLENGE_TTL_SECONDS / 60} minutes, and only by the frontend client that fetched it. The resident signs the challenge text (its ASCII bytes) with the 利用者証明用電子証明書 of the My Number card: a detached CMS, as for submissions.`,
    security: [{ bearer: [] }],
    responses: {
      200: { description: 'A fresh challenge', content: { 'application/json': { schema: ChallengeSchema } } },
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a frontend client'),
      503: problemResponse('The store is unavailable'),
    },
  });
  app.get('/v1/prefill/challenge', requireRole('frontend'), async (c) => {
    const issued = await prefill.challenge(c.get('caller')!.id);
    return c.json(issued, 200, { 'cache-control': 'no-store' });
  });

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/prefill',
    tags: ['prefill'],
    summary: "The resident register's facts, mapped onto a procedure's form",
    description:
      'Verifies the signature over the challenge (chain, validity, revocation: a revoked or expired certificate is refused), uses the challenge up, and asks the resident register who holds the certificate. ' +
      'Answers name, kana, birth date, gender, postal code, address and household members as the procedure declares them (mappings/prefill.yaml) — only those fields, never 個人番号. ' +
      'Each answer is recorded in the audit trail (client, procedure, kinds of fact; never a value). A refused prefill needs a new challenge.',
    security: [{ bearer: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: PrefillRequestSchema } } } },
    responses: {
      200: { description: 'The facts, as a partial form', content: { 'application/json': { schema: PrefillResponseSchema } } },
      400: problemResponse('Malformed JSON or signature'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a frontend client'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('Invalid request, unknown procedure, prefill not offered, challenge unknown, used, expired or of another client, signature or certificate refused, resident not in the register'),
      502: problemResponse('The resident register refused the lookup'),
      503: problemResponse('The resident register, revocation status or store is unavailable (Retry-After)'),
    },
  });
  app.post('/v1/prefill', requireRole('frontend'), limitBody(PREFILL_BODY_BYTES), async (c) => {
    const body = await readJsonBody(c, PREFILL_JSON_DEPTH);
    const parsed = PrefillRequestSchema.safeParse(body);
    if (!parsed.success) throw new InputError('prefill-request-invalid', 'The request does not have the documented shape.', issuesFromZod(parsed.error, ''));
    if (!catalog.get(parsed.data.procedureId)) {
      throw new InputError('procedure-unknown', `There is no procedure '${parsed.data.procedureId}'.`, [
        { pointer: '/procedureId', code: 'not-in-list', message: 'Take the procedure id from GET /v1/procedures.' },
      ]);
    }
    const result = await prefill.fill(c.get('caller')!.id, parsed.data);
    return c.json(result, 200, { 'cache-control': 'no-store' });
  });
}
