import type { Context } from 'hono';
import { sameSecret, type ActiveSession } from '../staff/staff-sessions.js';
import { ConsoleError } from './console-error.js';

/** A console form's fields, the session's CSRF token checked first (403 page without it). */
export async function checkedForm(c: Context, session: ActiveSession): Promise<Record<string, string>> {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const csrf = typeof form['csrf'] === 'string' ? form['csrf'] : '';
  if (!sameSecret(csrf, session.csrfToken)) throw new ConsoleError(403, 'forbiddenTitle', 'csrfBody');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) if (typeof value === 'string') fields[name] = value;
  return fields;
}
