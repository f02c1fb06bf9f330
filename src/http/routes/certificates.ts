import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ConflictError, GoneError, InputError, NotFoundError } from '../../errors.js';
import { revokeCertificate } from '../../issuance/revoke-certificate.js';
import { AccessTokens } from '../../intake/access-token.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import type { CertificateRecord, Store } from '../../store/types.js';
import { auditActorOf } from '../audit-actor.js';
import { requireRole } from '../auth.js';
import { limitBody } from '../body-limit.js';
import type { AppEnv, Caller } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { problemType } from '../problem.js';
import { problemResponse } from '../schemas.js';

/** A revoke body is one short reason; anything bigger is not one. */
const REVOKE_BODY_BYTES = 4 * 1024;
const REVOKE_BODY_DEPTH = 4;
const MAX_ID_LENGTH = 128;

export interface CertificateRoutesOptions {
  store: Store;
  /** PEM certificates a verifier needs besides the trust anchor: the city signer's, then its issuers (`CertificateSigner.chainPem`). */
  chainPem: readonly string[];
  /** Renders the printable PDF; without it the PDF route answers 501. */
  pdf?: (certificate: CertificateRecord) => Promise<Buffer>;
  clock?: () => Date;
}

const CertificateSchema = z
  .object({
    id: z.string().openapi({ example: 'crt_3f0c1d2e4b5a69788796a5b4c3d2e1f0' }),
    type: z.enum(['juminhyo-copy', 'tax-certificate', 'tax-payment-certificate']),
    issuedAt: z.string(),
    revokedAt: z.string().nullable(),
    documentHash: z.string().openapi({ description: 'SHA-256 hex of the canonical document bytes (what the QR code carries)' }),
    document: z.record(z.string(), z.unknown()).openapi({ description: 'The certificate document (JSON)' }),
    documentBase64: z.string().openapi({ description: 'The exact signed bytes: RFC 8785 canonical JSON, UTF-8, base64. Save decoded as cert.json.' }),
    signature: z.string().openapi({ description: 'Detached CMS SignedData, DER, base64. Save decoded as cert.p7s.' }),
    chain: z.array(z.string()).openapi({ description: 'PEM: the city signing certificate, then its issuing CA' }),
  })
  .openapi('Certificate');

const RevokeSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict().openapi('RevokeCertificate');

const IdParams = z.object({ id: z.string().openapi({ example: 'crt_3f0c1d2e4b5a69788796a5b4c3d2e1f0' }) });

function certificateNotFound(): NotFoundError {
  return new NotFoundError('certificate-not-found', 'No certificate with this id is visible to you.');
}

/** Certificate retrieval for the applicant and staff, the PDF (also for the store network), and revocation by staff. */
export function registerCertificateRoutes(app: OpenAPIHono<AppEnv>, options: CertificateRoutesOptions): void {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const chain = [...options.chainPem];

  /** The certificate when the caller may see it: staff, the holder of the application's access token, and `also` roles. 404 for everyone else. */
  async function visibleCertificate(c: Context<AppEnv>, also: Caller['role'][] = []): Promise<CertificateRecord> {
    const id = c.req.param('id') ?? '';
    const certificate = id.length <= MAX_ID_LENGTH ? await store.getCertificate(id) : null;
    if (!certificate) throw certificateNotFound();
    const caller = c.get('caller');
    if (caller?.role === 'staff' || (caller && also.includes(caller.role))) return certificate;
    const token = c.req.header('x-access-token');
    const application = token === undefined ? null : await store.getApplication(certificate.applicationId);
    if (!application || token === undefined || !AccessTokens.matches(token, application.accessTokenHash)) throw certificateNotFound();
    return certificate;
  }

  /** The visible certificate with its document; 410 once the retention purge removed the document (only to those who may see it). */
  async function certificateWithDocument(c: Context<AppEnv>, also: Caller['role'][] = []): Promise<CertificateRecord> {
    const certificate = await visibleCertificate(c, also);
    if (certificate.purgedAt !== undefined) {
      throw new GoneError(
        'certificate-purged',
        `The retention period of this certificate's application ended; the city removed the document on ${certificate.purgedAt}. POST /v1/verifications with the holder's document and signature still verifies it.`,
      );
    }
    return certificate;
  }

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/certificates/{id}',
    tags: ['certificates'],
    summary: 'A certificate: document, exact signed bytes, signature and chain',
    description:
      'For staff and the holder of the application’s access token (X-Access-Token); everyone else gets 404. ' +
      'Verify offline: save documentBase64 decoded as cert.json and signature decoded as cert.p7s, then ' +
      '`openssl cms -verify -binary -inform DER -in cert.p7s -content cert.json -CAfile city-root.pem -purpose any`.',
    security: [{ bearer: [] }, { accessToken: [] }],
    request: { params: IdParams },
    responses: {
      200: { description: 'The certificate', content: { 'application/json': { schema: CertificateSchema } } },
      404: problemResponse('Unknown, or not visible to the caller'),
      410: problemResponse('The retention period ended and the document was removed (certificate-purged); POST /v1/verifications still verifies the holder’s copy'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/certificates/{id}/pdf',
    tags: ['certificates'],
    summary: 'The printable PDF, with a QR code that leads to verification',
    description: 'For staff, the store network and the holder of the access token. 501 while no renderer is configured.',
    security: [{ bearer: [] }, { accessToken: [] }],
    request: { params: IdParams },
    responses: {
      200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
      404: problemResponse('Unknown, or not visible to the caller'),
      410: problemResponse('The retention period ended and the document was removed (certificate-purged)'),
      501: problemResponse('No PDF renderer is configured'),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/certificates/{id}/revoke',
    tags: ['certificates'],
    summary: 'Revoke a certificate',
    description: 'Staff only. Verification reports TOTAL_FAILED / REVOKED from now on; the application’s timeline records the revocation, and the audit trail records it with its reason as this API client (never write personal data into the reason).',
    security: [{ bearer: [] }],
    request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: RevokeSchema } } } },
    responses: {
      200: { description: 'Revoked', content: { 'application/json': { schema: z.object({ id: z.string(), revokedAt: z.string(), reason: z.string() }) } } },
      400: problemResponse('Malformed body'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not staff'),
      404: problemResponse('No such certificate'),
      409: problemResponse('Already revoked'),
    },
  });

  app.get('/v1/certificates/:id', async (c) => {
    const certificate = await certificateWithDocument(c);
    const bytes = Buffer.from(certificate.document, 'utf8');
    c.header('cache-control', 'no-store');
    return c.json({
      id: certificate.id,
      type: certificate.type,
      issuedAt: certificate.issuedAt,
      revokedAt: certificate.revokedAt,
      documentHash: certificate.documentHash,
      document: JSON.parse(certificate.document) as Record<string, unknown>,
      documentBase64: bytes.toString('base64'),
      signature: certificate.signature,
      chain,
    });
  });

  app.get('/v1/certificates/:id/pdf', async (c) => {
    const certificate = await certificateWithDocument(c, ['store-network']);
    if (!options.pdf) {
      const status = 501;
      return c.json(
        { type: problemType('pdf-not-available'), title: 'PDF not available', status, detail: 'This gateway has no PDF renderer configured; use GET /v1/certificates/{id}.', instance: c.get('requestId') },
        status,
        { 'content-type': 'application/problem+json' },
      );
    }
    const pdf = await options.pdf(certificate);
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${certificate.id}.pdf"`,
      'cache-control': 'no-store',
    });
  });

  app.post(
    '/v1/certificates/:id/revoke',
    requireRole('staff'),
    limitBody(REVOKE_BODY_BYTES),
    async (c) => {
      const id = c.req.param('id');
      const parsed = RevokeSchema.safeParse(await readJsonBody(c, REVOKE_BODY_DEPTH));
      if (!parsed.success) {
        throw new InputError('revocation-invalid', 'Send { "reason": "…" } with 1–500 characters.', issuesFromZod(parsed.error, ''), { semantic: false });
      }
      const certificate = id.length <= MAX_ID_LENGTH ? await store.getCertificate(id) : null;
      if (!certificate) throw certificateNotFound();
      const alreadyRevoked = () => new ConflictError('certificate-already-revoked', `This certificate was revoked on ${certificate.revokedAt ?? 'an earlier call'}.`);
      if (certificate.revokedAt !== null) throw alreadyRevoked();
      const now = clock().toISOString();
      if (!(await revokeCertificate(store, certificate, parsed.data.reason, auditActorOf(c.get('caller')!), now))) throw alreadyRevoked();
      c.get('log').info({ certificateId: id, by: c.get('caller')!.id }, 'certificate revoked');
      return c.json({ id, revokedAt: now, reason: parsed.data.reason });
    },
  );
}
