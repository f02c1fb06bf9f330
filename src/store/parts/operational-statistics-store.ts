/**
 * The store part for operational statistics (運用統計): read-only questions
 * over applications and deliveries, grouped so that a report costs one pass
 * over the records of its range. Nothing returned names a resident.
 *
 * Days are calendar days in Japan (UTC+9, no daylight saving time), as for
 * form events. A range is given as instants: `from` inclusive, `before`
 * exclusive, both `toISOString()` strings.
 */
import type { ApplicationStatus } from './application-store.js';
import type { DeliveryRecord } from './delivery-store.js';

/** Statuses at which the city's work on an application is done and it went well: the end of "received → completed". */
export const COMPLETION_STATUSES: ReadonlySet<ApplicationStatus> = new Set<ApplicationStatus>(['completed', 'issued']);

export interface InstantRange {
  from: string;
  before: string;
}

/** Applications of one procedure received on one day that are now in `status`. */
export interface ApplicationStatusCount {
  procedureId: string;
  day: string;
  status: ApplicationStatus;
  count: number;
}

/** One application received in the range that reached a completion status: seconds from received to the first such entry. */
export interface CompletionTime {
  procedureId: string;
  seconds: number;
}

/** Deliveries to one system whose latest change fell on one day, by the state they are in now. */
export interface DeliveryStateCount {
  system: string;
  day: string;
  state: DeliveryRecord['state'];
  count: number;
}

/**
 * Semantics (both implementations):
 * - `countApplicationsByStatus`: applications whose `createdAt` is in the
 *   range, grouped by procedure, the Japan day of `createdAt` and their
 *   current status; ordered by procedure, day, status.
 * - `listCompletionTimes`: for each application whose `createdAt` is in the
 *   range and whose timeline has an entry with a `COMPLETION_STATUSES`
 *   status, the seconds from `createdAt` to the first such entry; ordered by
 *   procedure, then seconds.
 * - `countDeliveriesByState`: deliveries whose `updatedAt` is in the range,
 *   grouped by system, the Japan day of `updatedAt` and state; ordered by
 *   system, day, state.
 * Purged applications count like any other (the purge keeps status, dates and timeline).
 */
export interface OperationalStatisticsStore {
  countApplicationsByStatus(range: InstantRange): Promise<ApplicationStatusCount[]>;
  listCompletionTimes(range: InstantRange): Promise<CompletionTime[]>;
  countDeliveriesByState(range: InstantRange): Promise<DeliveryStateCount[]>;
}
