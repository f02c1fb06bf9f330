import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { CorrectionSchema, type Corrections } from '../../intake/correction.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { problemResponse } from '../schemas.js';

export interface CorrectionRoutesOptions {
  corrections: Corrections;
  bodyBytes: number;
  jsonDepth: number;
}

/** `POST /v1/applications/{id}/corrections`: the frontend's answer to a 差戻し. */
export function registerCorrectionRoutes(app: OpenAPIHono<AppEnv>, options: CorrectionRoutesOptions): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/applications/{id}/corrections',
    tags: ['applications'],
    summary: 'Resubmit the corrected form of an application returned for correction (差戻し)',
    description:
      'Only the frontend client that submitted the application, with its access token (X-Access-Token). The body is the whole corrected form, checked and signed like a submission ' +
      '(the JPKI signature over { procedureId, form } by the same certificate holder); the procedure cannot change. The route resumes at its review step (status under-review).',
    security: [{ bearer: [] }],
    request: {
      params: z.object({ id: z.string() }),
      headers: z.object({ 'x-access-token': z.string().openapi({ description: 'The access token of the application' }) }),
      body: { required: true, content: { 'application/json': { schema: CorrectionSchema } } },
    },
    responses: {
      202: {
        description: 'Correction recorded; the application is under review again',
        content: { 'application/json': { schema: z.object({ id: z.string(), status: z.literal('under-review'), statusUrl: z.string() }) } },
      },
      400: problemResponse('Malformed body'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a frontend client'),
      404: problemResponse('Unknown application, another client\'s, or a wrong access token'),
      409: problemResponse('The application is not returned for correction'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      422: problemResponse('Invalid form or signature, another signer, or another procedure'),
      503: problemResponse('Revocation status unavailable; retry after Retry-After'),
    },
  });

  app.post('/v1/applications/:id/corrections', requireRole('frontend'), limitBody(options.bodyBytes), async (c) => {
    const body = await readJsonBody(c, options.jsonDepth);
    const accepted = await options.corrections.correct(c.get('caller')!.id, c.req.param('id'), c.req.header('x-access-token'), body);
    c.header('cache-control', 'no-store');
    return c.json(accepted, 202, { location: accepted.statusUrl });
  });
}
