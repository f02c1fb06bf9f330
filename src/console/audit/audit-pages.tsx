import type { Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { auditDayAsJsonLines, readAuditDay } from '../../audit/audit-day.js';
import { jstDayOf } from '../../audit/jst-day.js';
import { isAllowed } from '../../staff/authorization.js';
import type { Store } from '../../store/types.js';
import type { ConsoleEnv } from '../console-env.js';
import { ConsoleError } from '../console-error.js';
import { AuditPage } from '../pages/audit-page.js';
import type { Language } from '../texts.js';

/** What the audit page needs of the console around it. */
export interface AuditPagesContext {
  language: (c: Context) => Language;
  page: (c: Context, status: number, element: JSX.Element) => Promise<Response>;
}

/**
 * The auditor's export of the audit trail: one JST day as JSON Lines with its
 * signed checkpoint, the same file `npm run cli -- audit export --day` prints,
 * for `audit verify` offline. Entries hold ids, roles and actions only, so
 * an export is not a view of personal data.
 */
export function registerAuditPages(app: Hono<ConsoleEnv>, deps: { store: Store; clock: () => Date }, shell: AuditPagesContext): void {
  app.get('/audit', async (c) => {
    const session = c.get('session');
    if (!isAllowed(session.staff, 'export-audit-trail')) throw new ConsoleError(403, 'noAuditTitle', 'noAuditBody');
    return shell.page(c, 200, <AuditPage language={shell.language(c)} today={jstDayOf(deps.clock())} />);
  });

  app.get('/audit/export', async (c) => {
    const session = c.get('session');
    if (!isAllowed(session.staff, 'export-audit-trail')) throw new ConsoleError(403, 'noAuditTitle', 'noAuditBody');
    const raw = c.req.query('day') ?? '';
    const day = raw.length === 10 ? await readAuditDay(deps.store, raw) : null;
    if (!day) throw new ConsoleError(400, 'badQueryTitle', 'badQueryBody', false, { detail: 'day' });
    c.get('log')?.info({ day: day.day, entries: day.entries.length, staffId: session.staff.id }, 'audit day exported in the console');
    return c.body(auditDayAsJsonLines(day), 200, {
      'content-type': 'application/jsonl; charset=utf-8',
      'content-disposition': `attachment; filename="kakehashi-audit-${day.day}.jsonl"`,
      'cache-control': 'no-store',
    });
  });
}
