import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ClientConfig, ClientRole } from '../config.js';
import { AuthenticationError, ForbiddenError } from '../errors.js';
import type { AppEnv, Caller } from './env.js';

function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Resolves `Authorization: Bearer <key>` to a configured client. Keys are looked up by hash. */
export class ClientDirectory {
  readonly #byKeyHash = new Map<string, Caller>();

  constructor(clients: ClientConfig[]) {
    for (const client of clients) this.#byKeyHash.set(keyHash(client.key), { id: client.id, role: client.role });
  }

  /** The caller for an Authorization header, undefined when absent; throws for a bad one. */
  identify(authorization: string | undefined): Caller | undefined {
    if (authorization === undefined) return undefined;
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization);
    const caller = match ? this.#byKeyHash.get(keyHash(match[1]!)) : undefined;
    if (!caller) throw new AuthenticationError('authentication-failed', 'The API key is not valid.');
    return caller;
  }
}

/** Identifies the caller when credentials are presented; anonymous requests pass on. */
export function identifyCaller(directory: ClientDirectory): MiddlewareHandler<AppEnv> {
  return async function identifyCallerMiddleware(c, next) {
    c.set('caller', directory.identify(c.req.header('authorization')));
    await next();
  };
}

/** Requires an authenticated caller with one of `roles`. */
export function requireRole(...roles: ClientRole[]): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    const caller = c.get('caller');
    if (!caller) throw new AuthenticationError('authentication-required', 'Send Authorization: Bearer <API key>.');
    if (!roles.includes(caller.role)) {
      throw new ForbiddenError('role-not-allowed', `This operation is for: ${roles.join(', ')}.`);
    }
    await next();
  };
}
