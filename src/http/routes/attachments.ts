import { Readable } from 'node:stream';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { Attachments } from '../../attachments/attachments.js';
import type { BlobStore } from '../../attachments/blob-store.js';
import type { DownloadLinks } from '../../attachments/download-links.js';
import { NotFoundError } from '../../errors.js';
import { requireRole } from '../auth.js';
import type { AppEnv } from '../env.js';
import { problemResponse } from '../schemas.js';

export interface AttachmentRoutesOptions {
  attachments: Attachments;
  links: DownloadLinks;
  blobs: BlobStore;
}

const UploadedSchema = z
  .object({
    id: z.string().openapi({ description: 'The upload id, for the attachment field\'s `id`', example: 'att_3q2-7wEtYpYqJ8zYB7T1mVxqKx3mZb1n' }),
    sha256: z.string().openapi({ description: 'Lower-case hex SHA-256 of the bytes, for the field\'s `sha256` (inside what the resident signs)' }),
    size: z.number().int().openapi({ example: 48213 }),
    mediaType: z.string().openapi({ description: 'As judged from the bytes', example: 'application/pdf' }),
    expiresAt: z.string().openapi({ description: 'Unless an application references it by then, the upload is purged' }),
  })
  .openapi('AttachmentUploaded');

const UploadQuery = z.object({
  procedureId: z.string().openapi({ example: 'business-support-grant' }),
  field: z.string().openapi({ description: 'The attachment field, as a JSON Pointer inside the form; indexes of repeated groups as numbers or `-`', example: '/attachments/-/file' }),
});

/** Uploads for attachment fields (frontends), and the claim-check downloads core systems make. */
export function registerAttachmentRoutes(app: OpenAPIHono<AppEnv>, options: AttachmentRoutesOptions): void {
  const { attachments, links, blobs } = options;
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/attachments',
    tags: ['attachments'],
    summary: 'Upload a file for an attachment field',
    description:
      'The raw bytes of one file as the body, with its Content-Type. The field (its `mediaTypes` and `maxSize` in the procedure file) decides what is taken: ' +
      'the type is judged from the bytes and must be the declared one; reading stops at the size limit (413); PDFs with scripts, embedded files or launch actions are refused. ' +
      'Put the answer\'s `id`, `sha256`, `size` and `mediaType` into the form before it is signed. An upload no application references within 24 hours is purged; ' +
      'an upload is referenced by one application only, and only by the client that uploaded it.',
    security: [{ bearer: [] }],
    request: {
      query: UploadQuery,
      body: { required: true, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) }, 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) }, 'image/png': { schema: z.string().openapi({ format: 'binary' }) }, 'image/heic': { schema: z.string().openapi({ format: 'binary' }) } } },
    },
    responses: {
      201: { description: 'Stored', content: { 'application/json': { schema: UploadedSchema } } },
      400: problemResponse('Unknown procedure or field (query-invalid)'),
      401: problemResponse('No or unknown API key'),
      403: problemResponse('Not a frontend client'),
      413: problemResponse('Larger than the field takes (attachment-too-large)'),
      422: problemResponse('Empty, a type the field does not take, bytes of another type than declared, or a PDF with active content'),
    },
  });
  app.post('/v1/attachments', requireRole('frontend'), async (c) => {
    const record = await attachments.upload({
      clientId: c.get('caller')!.id,
      procedureId: c.req.query('procedureId') ?? '',
      pointer: c.req.query('field') ?? '',
      contentType: c.req.header('content-type'),
      body: c.req.raw.body,
    });
    const { id, sha256, size, mediaType, expiresAt } = record;
    return c.json({ id, sha256, size, mediaType, expiresAt }, 201);
  });

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/attachments/{id}/content',
    tags: ['attachments'],
    summary: 'Fetch a referenced attachment by its claim-check link',
    description:
      'The link a core system got with a delivery (`attachments[].url`): no API key, the signature in the query is the credential. ' +
      'It works for 24 hours; `Repr-Digest` carries the SHA-256, which the system compares with the claim check\'s `sha256`.',
    request: { params: z.object({ id: z.string() }), query: z.object({ expires: z.string(), signature: z.string() }) },
    responses: {
      200: { description: 'The bytes', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      404: problemResponse('Not a link the gateway made (attachment-link-invalid)'),
      410: problemResponse('The link expired (attachment-link-expired)'),
    },
  });
  app.get('/v1/attachments/:id/content', async (c) => {
    const upload = await links.resolve(c.req.param('id'), c.req.query('expires'), c.req.query('signature'));
    const bytes = await blobs.open(upload.sha256);
    if (!bytes) throw new NotFoundError('attachment-link-invalid', 'The file of this link is no longer kept.');
    return new Response(Readable.toWeb(bytes) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'content-type': upload.mediaType,
        'content-length': String(upload.size),
        'repr-digest': `sha-256=:${Buffer.from(upload.sha256, 'hex').toString('base64')}:`,
        'cache-control': 'no-store',
        'content-disposition': 'attachment',
      },
    });
  });
}
