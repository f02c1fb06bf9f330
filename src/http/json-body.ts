import type { Context } from 'hono';
import { UnsupportedMediaTypeError } from '../errors.js';
import type { AppEnv } from './env.js';
import { parseStrictJson } from '../json/strict-json.js';

const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads the request body as strict JSON. The size limit is enforced by the
 * `bodyLimit` middleware in front of the route; here: media type and syntax.
 */
export async function readJsonBody(c: Context<AppEnv>, maxDepth: number): Promise<unknown> {
  const contentType = c.req.header('content-type') ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new UnsupportedMediaTypeError('unsupported-media-type', 'Send the body as application/json in UTF-8.', {
      extensions: { accepted: ['application/json'] },
    });
  }
  return parseStrictJson(new Uint8Array(await c.req.arrayBuffer()), maxDepth);
}
