import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { DEFAULT_VERIFICATION_RATE } from '../../config.js';
import type { CertificateVerifier } from '../../issuance/verify/certificate-verifier.js';
import { readVerificationRequest } from '../../issuance/verify/verification-request.js';
import type { RateLimits } from '../../rate-limit/create-rate-limiter.js';
import { limitBody } from '../body-limit.js';
import { describePolicy, limitRate } from '../rate-limit.js';
import { perCallerOrAddress } from '../rate-subjects.js';
import type { AppEnv } from '../env.js';
import { readJsonBody } from '../json-body.js';
import { problemResponse } from '../schemas.js';

/** A document (≤ 256 KiB as base64) and a signature (≤ 64 KiB) fit in 512 KiB. */
const VERIFICATION_BODY_BYTES = 512 * 1024;
/** A certificate document nests about five levels inside the request. */
const VERIFICATION_BODY_DEPTH = 16;

export interface VerificationRoutesOptions {
  verifier: CertificateVerifier;
  rateLimits: RateLimits;
}

const CheckSchema = z.object({ name: z.string(), result: z.enum(['PASSED', 'FAILED', 'NOT_CHECKED']), detail: z.string() });

const ReportSchema = z
  .object({
    indication: z.enum(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE']),
    subIndication: z.string().optional().openapi({ example: 'HASH_FAILURE' }),
    certificate: z
      .object({
        id: z.string(),
        type: z.string(),
        issuedAt: z.string(),
        issuer: z.object({ name: z.string(), localGovernmentCode: z.string(), mayor: z.string() }),
        subject: z
          .object({ name: z.string(), address: z.string().optional(), fiscalYear: z.string().optional() })
          .nullable()
          .openapi({ description: 'Whom the certificate is about, as the printed certificate shows it: the name, the address (住民票の写し) or the 年度 (tax certificates). Compare it with the paper.' }),
        testDocument: z.boolean().openapi({ description: 'true for a test document signed with the dev PKI; never a real certificate' }),
      })
      .nullable(),
    signingTime: z.string().nullable(),
    checks: z.array(CheckSchema),
    revocation: z.object({ status: z.enum(['good', 'revoked', 'unknown']), checkedAt: z.string(), revokedAt: z.string().optional(), reason: z.string().optional() }),
  })
  .openapi('VerificationReport');

const RequestSchema = z
  .union([
    z.object({
      document: z.union([z.record(z.string(), z.unknown()), z.string()]).openapi({ description: 'The document as JSON, or base64 of its exact bytes (documentBase64)' }),
      signature: z.string().openapi({ description: 'Detached CMS SignedData, DER, base64' }),
    }),
    z.object({ certificateId: z.string(), documentHash: z.string().openapi({ description: 'SHA-256 hex of the document bytes, as the QR code carries it' }) }),
  ])
  .openapi('VerificationRequest');

/** `POST /v1/verifications`: anyone may verify a certificate the city issued. */
export function registerVerificationRoutes(app: OpenAPIHono<AppEnv>, options: VerificationRoutesOptions): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/verifications',
    tags: ['verifications'],
    summary: 'Verify a certificate',
    description:
      'Send the document and its signature, or the certificate id and document hash from the QR code. The answer is a report after EN 319 102-1: ' +
      'TOTAL_PASSED; TOTAL_FAILED with FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE, REVOKED or EXPIRED; or INDETERMINATE ' +
      '(NO_CERTIFICATE_CHAIN_FOUND; SIGNED_DATA_NOT_FOUND by id and hash for a certificate whose document the city removed after its retention period — the hash and the revocation status are still confirmed, and the holder’s document and signature still verify; ' +
        'or a valid signature on a certificate this gateway has no record of). A failed verification is still a 200. ' +
      `Verifications are limited per API client, or per client address for anonymous callers (by default ${describePolicy(DEFAULT_VERIFICATION_RATE)}).`,
    request: { body: { required: true, content: { 'application/json': { schema: RequestSchema } } } },
    responses: {
      200: { description: 'The verification report', content: { 'application/json': { schema: ReportSchema } } },
      400: problemResponse('Malformed JSON, base64 or DER, naming the field'),
      413: problemResponse('Body too large'),
      415: problemResponse('Not application/json'),
      429: problemResponse('Over the verification limit of the API client or client address; retry after Retry-After'),
    },
  });

  app.post(
    '/v1/verifications',
    limitRate('verifications', options.rateLimits.limiter, perCallerOrAddress(options.rateLimits.verifications, options.rateLimits.trustedProxies)),
    limitBody(VERIFICATION_BODY_BYTES),
    async (c) => {
      const request = readVerificationRequest(await readJsonBody(c, VERIFICATION_BODY_DEPTH));
      const report =
        request.kind === 'signed' ? await options.verifier.verifySigned(request.document, request.signature) : await options.verifier.verifyRecorded(request.certificateId, request.documentHash);
      c.get('log').info({ indication: report.indication, subIndication: report.subIndication, certificateId: report.certificate?.id }, 'certificate verified');
      c.header('cache-control', 'no-store');
      return c.json(report);
    },
  );
}
