import type { Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Catalog } from '../../catalog/procedure.js';
import { InputError } from '../../errors.js';
import { buildFormEventReport } from '../../form-events/form-event-report.js';
import type { FormFieldIndex } from '../../form-events/form-fields.js';
import { dayRangeQuery } from '../../http/statistics-query.js';
import { isAllowed } from '../../staff/authorization.js';
import type { FormEventStore } from '../../store/form-event-store.js';
import type { ConsoleEnv } from '../console-env.js';
import { ConsoleError } from '../console-error.js';
import { DropOffPage } from '../pages/drop-off-page.js';
import type { Language } from '../texts.js';

export interface StatisticsPagesDependencies {
  store: FormEventStore;
  catalog: Catalog;
  fields: FormFieldIndex;
  clock: () => Date;
}

/** What the statistics pages need of the console around them. */
export interface StatisticsPagesContext {
  language: (c: Context) => Language;
  page: (c: Context, status: number, element: JSX.Element) => Promise<Response>;
}

/** The day range as the API parses it; a bad day is a 400 page naming the field instead of problem+json. */
function rangeOf(c: Context, now: Date): { from: string; to: string } {
  try {
    return dayRangeQuery({ from: c.req.query('from') || undefined, to: c.req.query('to') || undefined }, now);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const field = error.issues[0]?.pointer.replace(/^query:/, '') ?? 'from';
    throw new ConsoleError(400, 'badQueryTitle', 'badQueryBody', false, { detail: field });
  }
}

/**
 * The per-field drop-off chart of a procedure's form: the same counts as
 * GET /v1/admin/statistics/form-events, for staff with `view-statistics`.
 */
export function registerStatisticsPages(app: Hono<ConsoleEnv>, deps: StatisticsPagesDependencies, shell: StatisticsPagesContext): void {
  app.get('/statistics/form-events', async (c) => {
    const session = c.get('session');
    if (!isAllowed(session.staff, 'view-statistics')) throw new ConsoleError(403, 'noStatisticsTitle', 'noStatisticsBody');
    const language = shell.language(c);
    const range = rangeOf(c, deps.clock());
    const procedureId = c.req.query('procedure') ?? '';
    const compiled = procedureId === '' ? undefined : deps.catalog.get(procedureId);
    if (procedureId !== '' && !compiled) throw new ConsoleError(400, 'badQueryTitle', 'badQueryBody', false, { detail: 'procedure' });
    const report = compiled
      ? buildFormEventReport({
          procedureId,
          title: compiled.procedure.title,
          ...range,
          fields: deps.fields.fields(procedureId) ?? [],
          counts: await deps.store.listFormEventCounts(procedureId, range.from, range.to),
        })
      : null;
    const procedures = deps.catalog.list().map((entry) => ({ id: entry.procedure.id, title: entry.procedure.title[language] }));
    return shell.page(c, 200, <DropOffPage language={language} procedures={procedures} query={{ procedure: procedureId, ...range }} report={report} />);
  });
}
