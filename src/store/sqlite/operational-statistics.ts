import type Database from 'better-sqlite3';
import {
  COMPLETION_STATUSES,
  type ApplicationStatusCount,
  type CompletionTime,
  type DeliveryStateCount,
  type InstantRange,
} from '../parts/operational-statistics-store.js';
import { prepared } from './prepared.js';

/** The Japan day of an ISO instant column: Japan is UTC+9 all year, so adding nine hours is exact. */
const japanDay = (column: string) => `substr(datetime(${column}, '+9 hours'), 1, 10)`;

const APPLICATIONS_BY_STATUS = `
  SELECT procedure_id AS procedureId, ${japanDay('created_at')} AS day, status, count(*) AS count
  FROM applications WHERE created_at >= ? AND created_at < ?
  GROUP BY procedureId, day, status ORDER BY procedureId, day, status`;

const COMPLETION_LIST = [...COMPLETION_STATUSES].map((status) => `'${status}'`).join(', ');
const COMPLETIONS = `
  SELECT procedure_id AS procedureId, created_at AS createdAt,
    (SELECT at FROM timeline WHERE application_id = applications.id AND status IN (${COMPLETION_LIST}) ORDER BY seq LIMIT 1) AS completedAt
  FROM applications WHERE created_at >= ? AND created_at < ?`;

const DELIVERIES_BY_STATE = `
  SELECT system, ${japanDay('updated_at')} AS day, state, count(*) AS count
  FROM deliveries WHERE updated_at >= ? AND updated_at < ?
  GROUP BY system, day, state ORDER BY system, day, state`;

/** `countApplicationsByStatus`: one grouped scan of the range by `applications_by_created_at` (migration 15). */
export function countApplicationsByStatus(db: Database.Database, range: InstantRange): ApplicationStatusCount[] {
  return prepared(db, APPLICATIONS_BY_STATUS).all(range.from, range.before) as ApplicationStatusCount[];
}

/** `listCompletionTimes`: the range's applications, each with its first completion entry by `timeline_by_application`. */
export function listCompletionTimes(db: Database.Database, range: InstantRange): CompletionTime[] {
  const rows = prepared(db, COMPLETIONS).all(range.from, range.before) as { procedureId: string; createdAt: string; completedAt: string | null }[];
  return rows
    .filter((row): row is typeof row & { completedAt: string } => row.completedAt !== null)
    .map((row) => ({ procedureId: row.procedureId, seconds: (Date.parse(row.completedAt) - Date.parse(row.createdAt)) / 1000 }))
    .sort((a, b) => (a.procedureId < b.procedureId ? -1 : a.procedureId > b.procedureId ? 1 : a.seconds - b.seconds));
}

/** `countDeliveriesByState`: one grouped scan of the range by `deliveries_by_updated_at` (migration 15). */
export function countDeliveriesByState(db: Database.Database, range: InstantRange): DeliveryStateCount[] {
  return prepared(db, DELIVERIES_BY_STATE).all(range.from, range.before) as DeliveryStateCount[];
}
