import {
  COMPLETION_STATUSES,
  type ApplicationStatusCount,
  type CompletionTime,
  type DeliveryStateCount,
  type InstantRange,
  type OperationalStatisticsStore,
} from '../parts/operational-statistics-store.js';
import type { PostgresContext } from './postgres-context.js';

/** Operational statistics in PostgreSQL: the same grouped reads as SQLite's (`../sqlite/operational-statistics.ts`), on the ISO text times. */
export class PostgresOperationalStatisticsStore implements OperationalStatisticsStore {
  constructor(private readonly context: PostgresContext) {}

  /** One grouped scan of the range by `applications_by_created_at`; the day is Japan's (UTC+9 all year). */
  countApplicationsByStatus(range: InstantRange): Promise<ApplicationStatusCount[]> {
    return this.context.sql<ApplicationStatusCount[]>`
      SELECT procedure_id AS "procedureId", to_char((created_at::timestamptz AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD') AS day,
        status, count(*) AS count
      FROM applications WHERE created_at >= ${range.from} AND created_at < ${range.before}
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.then((rows) => [...rows]);
  }

  /** The range's applications, each with its first completion entry by `timeline_by_application`. */
  async listCompletionTimes(range: InstantRange): Promise<CompletionTime[]> {
    const rows = await this.context.sql<{ procedureId: string; createdAt: string; completedAt: string | null }[]>`
      SELECT procedure_id AS "procedureId", created_at AS "createdAt",
        (SELECT at FROM timeline WHERE application_id = applications.id AND status IN ${this.context.sql([...COMPLETION_STATUSES])} ORDER BY seq LIMIT 1) AS "completedAt"
      FROM applications WHERE created_at >= ${range.from} AND created_at < ${range.before}`;
    return rows
      .filter((row): row is typeof row & { completedAt: string } => row.completedAt !== null)
      .map((row) => ({ procedureId: row.procedureId, seconds: (Date.parse(row.completedAt) - Date.parse(row.createdAt)) / 1000 }))
      .sort((a, b) => (a.procedureId < b.procedureId ? -1 : a.procedureId > b.procedureId ? 1 : a.seconds - b.seconds));
  }

  /** One grouped scan of the range by `deliveries_by_updated_at`. */
  countDeliveriesByState(range: InstantRange): Promise<DeliveryStateCount[]> {
    return this.context.sql<DeliveryStateCount[]>`
      SELECT system, to_char((updated_at::timestamptz AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD') AS day, state, count(*) AS count
      FROM deliveries WHERE updated_at >= ${range.from} AND updated_at < ${range.before}
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.then((rows) => [...rows]);
  }
}
