import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { acceptOnce } from '../../callbacks/accept-once.js';
import { authenticateCallback } from '../../callbacks/authenticate-callback.js';
import { InputError, NotFoundError, type AuthenticationError } from '../../errors.js';
import { issuesFromZod } from '../../intake/zod-issues.js';
import type { Store } from '../../store/types.js';
import { limitBody } from '../body-limit.js';
import { callbackSignatureDescription } from '../callback-signature-docs.js';
import type { AppEnv } from '../env.js';
import { problemResponse } from '../schemas.js';
import { parseStrictJson } from '../../json/strict-json.js';

const SIGNATURE_HEADER = 'x-kakehashi-signature';
const DEFAULT_JSON_DEPTH = 32;

export interface CallbackRoutesOptions {
  /** HMAC-SHA256 secrets per system id: the current one, and the previous one while it is rotated. */
  secrets: Record<string, readonly string[]>;
  clock: () => Date;
  /** Where accepted callbacks are remembered, so that a replay is refused. */
  store: Pick<Store, 'recordCallbackReceipt' | 'forgetCallbackReceipt'>;
  runner: { resume(correlationKey: string, system: string, reply: Record<string, unknown>): Promise<boolean> };
  bodyBytes: number;
  jsonDepth?: number;
}

const CallbackSchema = z
  .object({
    messageId: z.string().min(1).max(300).openapi({ description: 'The message id the gateway sent (the correlation key)', example: '2b0c4a0e-3f5e-4d8b-9a57-0c2f7a1d9e11:send-tax' }),
    status: z.enum(['accepted', 'rejected', 'completed']).openapi({ description: '`accepted` only acknowledges; `completed` carries the result; `rejected` ends the application' }),
    reason: z.string().max(1_000).optional().openapi({ description: 'Why, for `rejected`; shown to the applicant, so no personal data' }),
    data: z.record(z.string(), z.unknown()).optional().openapi({ description: 'The result, for `completed`' }),
  })
  .strict()
  .openapi('Callback');

const CallbackResultSchema = z.object({ status: z.enum(['resumed', 'ignored', 'duplicate']) }).openapi('CallbackResult');

function unknownSystem(): NotFoundError {
  return new NotFoundError('callback-system-unknown', 'No core system with this id sends callbacks here.');
}

/**
 * Asynchronous replies from core systems. The raw body is authenticated
 * before it is parsed; a reply resumes the route step waiting on its message
 * id. A duplicate or late reply is acknowledged as ignored, so the system
 * stops sending it.
 */
export function registerCallbackRoutes(app: OpenAPIHono<AppEnv>, options: CallbackRoutesOptions): void {
  const secretOf = (system: string): readonly string[] | undefined => (Object.hasOwn(options.secrets, system) ? options.secrets[system] : undefined);
  registerDocs(app, options.bodyBytes);

  const knownSystem: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (secretOf(c.req.param('system') ?? '') === undefined) throw unknownSystem();
    await next();
  };

  app.post(
    '/v1/callbacks/:system',
    knownSystem,
    limitBody(options.bodyBytes),
    async (c) => {
      const system = c.req.param('system');
      const secret = secretOf(system);
      if (secret === undefined) throw unknownSystem();
      const body = new Uint8Array(await c.req.arrayBuffer());
      const now = options.clock();
      let authenticated;
      try {
        authenticated = authenticateCallback(secret, body, c.req.header(SIGNATURE_HEADER), now);
      } catch (error) {
        c.get('log').warn({ system, code: (error as AuthenticationError).code }, 'callback refused: signature');
        throw error;
      }
      const parsed = CallbackSchema.safeParse(parseStrictJson(body, options.jsonDepth ?? DEFAULT_JSON_DEPTH));
      if (!parsed.success) throw new InputError('callback-invalid', 'The callback body does not have the documented shape.', issuesFromZod(parsed.error, ''));
      const { messageId, status, reason, data } = parsed.data;
      const reply = { outcome: status, source: system, ...(reason !== undefined ? { reason } : {}), ...(data !== undefined ? { data } : {}) };
      const accepted = await acceptOnce(options.store, system, authenticated, now, () => options.runner.resume(messageId, system, reply));
      if (accepted.kind === 'duplicate') {
        c.get('log').info({ system, messageId, status }, 'callback refused: a replay of one already accepted');
        return c.json({ status: 'duplicate' as const }, 200);
      }
      const resumed = accepted.value;
      c.get('log').info({ system, messageId, status, resumed }, resumed ? 'callback resumed a route' : 'callback ignored: nothing waits for it');
      return c.json({ status: resumed ? ('resumed' as const) : ('ignored' as const) }, 200);
    },
  );
}

function registerDocs(app: OpenAPIHono<AppEnv>, bodyBytes: number): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/callbacks/{system}',
    tags: ['callbacks'],
    summary: 'A core system reports the outcome of a message',
    description:
      callbackSignatureDescription('configured for `{system}`') +
      '\n\n' +
      '`messageId` is the id of the message the gateway sent. `accepted` acknowledges it (the gateway keeps waiting), `completed` hands over the ' +
      'result (`data`), `rejected` refuses the application on its merits (`reason`, shown to the applicant). Only the system a message waits on ' +
      'can resume it. A callback that nothing waits for from `{system}` (a repeated report signed anew, one after the route moved on, or one naming a message that ' +
      'waits on another system) is answered 200 `ignored` and changes nothing: stop sending it. A 503 with Retry-After means the gateway has not ' +
      `started waiting for this reply yet: send it again after that time. Bodies up to ${bodyBytes} bytes.`,
    request: {
      params: z.object({ system: z.string().openapi({ example: 'tax' }) }),
      headers: z.object({ 'x-kakehashi-signature': z.string().openapi({ example: 't=1775001600,v1=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) }),
      body: { required: true, content: { 'application/json': { schema: CallbackSchema } } },
    },
    responses: {
      200: { description: 'Resumed; ignored (a repeated report, late, or the message waits on another system); or duplicate (this signed callback was accepted before)', content: { 'application/json': { schema: CallbackResultSchema } } },
      400: problemResponse('Not strict JSON (syntax, duplicate or prototype keys, too deep)'),
      401: problemResponse('Signature missing or malformed, outside its 5-minute window, or wrong'),
      404: problemResponse('Unknown system'),
      413: problemResponse('Body too large'),
      422: problemResponse('JSON of the wrong shape'),
      503: problemResponse('The reply came before the gateway waits for it; retry after Retry-After'),
    },
  });
}
