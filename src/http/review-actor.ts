import type { Context } from 'hono';
import { AuthenticationError, ForbiddenError } from '../errors.js';
import type { Actor } from '../reviews/actor.js';
import type { AppEnv } from './env.js';

/**
 * Resolves the request's actor for review decisions, or undefined when the
 * caller is no one who reviews. The gateway passes one in; staff sessions
 * plug in here.
 */
export type ActorResolver = (c: Context<AppEnv>) => Actor | undefined | Promise<Actor | undefined>;

/** Today's resolver: an API client of the `staff` role acts as itself, in every ward. */
export const staffClientActor: ActorResolver = (c) => {
  const caller = c.get('caller');
  return caller?.role === 'staff' ? { kind: 'client', id: caller.id, role: 'staff', wards: 'all' } : undefined;
};

/** The actor of the request; 401 without credentials, 403 for a caller who does not review. */
export async function requireActor(c: Context<AppEnv>, resolve: ActorResolver): Promise<Actor> {
  const actor = await resolve(c);
  if (actor) return actor;
  if (!c.get('caller')) throw new AuthenticationError('authentication-required', 'Send Authorization: Bearer <API key>.');
  throw new ForbiddenError('role-not-allowed', 'Reviews are for staff.');
}
