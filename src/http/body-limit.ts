import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors.js';
import type { AppEnv } from './env.js';
import { readSocketBody } from './socket-body.js';

const DECIMAL = /^[0-9]{1,15}$/;

/** What @hono/node-server passes the app as its environment: the Node request whose body is still on the socket. */
interface NodeBindings {
  incoming?: IncomingMessage & { rawBody?: Buffer };
}

/**
 * Refuses request bodies larger than `maxBytes` with a 413 problem, and bodies
 * that stop arriving for `http.timeouts.bodyIdleMs` with a 408 problem.
 *
 * A body with a Content-Length is judged by the header first (Node's parser
 * never delivers more bytes than it declares). Served by Node, the body is then
 * read here from the socket, counting bytes (for a chunked body, whose size is
 * unknown up front) and timing the gaps between them, and handed on as the
 * request's `rawBody`, which `c.req.arrayBuffer()` returns as it is. In-process
 * requests (`app.request()`) have no socket: a chunked one goes through hono's
 * streaming `bodyLimit`.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => new PayloadTooLargeError('payload-too-large', `The body exceeds ${maxBytes} bytes.`);
  const streamingLimit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async function limitBodyMiddleware(c, next) {
    const declared = c.req.header('content-length');
    const framedByLength = declared !== undefined && c.req.header('transfer-encoding') === undefined && DECIMAL.test(declared);
    if (framedByLength && Number(declared) > maxBytes) throw tooLarge();
    const incoming = (c.env as NodeBindings | undefined)?.incoming;
    if (incoming) {
      incoming.rawBody = await readSocketBody(incoming, { maxBytes, idleMs: c.get('bodyIdleMs'), tooLarge });
      return next();
    }
    return framedByLength ? next() : streamingLimit(c, next);
  };
}
