import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors.js';
import type { AppEnv } from './env.js';

const DECIMAL = /^[0-9]{1,15}$/;

/**
 * Refuses request bodies larger than `maxBytes` with a 413 problem.
 *
 * A body with a Content-Length is judged by the header alone (Node's parser
 * never delivers more bytes than it declares), which leaves the request's body
 * to be read straight from the socket. Only a chunked body, whose size is
 * unknown up front, goes through hono's streaming `bodyLimit`: it counts the
 * bytes as they arrive and stops at the limit, but it has to turn the request
 * into a full WHATWG Request first, which costs more than the rest of a small
 * submission's checks together.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (): never => {
    throw new PayloadTooLargeError('payload-too-large', 'Payload too large', `The body exceeds ${maxBytes} bytes.`);
  };
  const streamingLimit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function limitBodyMiddleware(c, next) {
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined && DECIMAL.test(declared)) {
      if (Number(declared) > maxBytes) tooLarge();
      return next();
    }
    return streamingLimit(c, next);
  };
}
