import type Database from 'better-sqlite3';
import { TERMINAL_STATUSES } from '../../retention/retention-end.js';
import { applicationNotFound } from '../store-errors.js';
import type { ReviewQuery, ReviewRecord, ReviewWrite } from '../types.js';
import { prepared } from './prepared.js';

/**
 * The reviews table: the record as JSON beside the columns the queue filters
 * and sorts by. Runs inside the store's write transaction (group commit).
 */
export function saveReviewIn(db: Database.Database, write: ReviewWrite): boolean {
  const { review, expectedVersion, timeline, correction } = write;
  const current = prepared(db, 'SELECT version FROM reviews WHERE application_id = ?').pluck().get(review.applicationId) as number | undefined;
  if ((current ?? null) !== expectedVersion) return false;
  if (!prepared(db, 'SELECT 1 FROM applications WHERE id = ?').get(review.applicationId)) throw applicationNotFound(review.applicationId);
  prepared(
    db,
    `INSERT INTO reviews (application_id, procedure_id, ward, state, overdue, version, record, created_at) VALUES (@id, @procedure, @ward, @state, @overdue, @version, @record, @createdAt)
     ON CONFLICT (application_id) DO UPDATE SET procedure_id = @procedure, ward = @ward, state = @state, overdue = @overdue, version = @version, record = @record, created_at = @createdAt`,
  ).run({
    id: review.applicationId,
    procedure: review.procedureId,
    ward: review.ward,
    state: review.state,
    overdue: review.overdue ? 1 : 0,
    version: review.version,
    record: JSON.stringify(review),
    createdAt: review.createdAt,
  });
  if (correction) {
    prepared(db, 'UPDATE applications SET form = ?, identity = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(correction.form),
      correction.identity === null ? null : JSON.stringify(correction.identity),
      review.updatedAt,
      review.applicationId,
    );
  }
  if (timeline) {
    // A decision that ends the case (a rejection) starts the retention period, as appendTimeline does.
    prepared(db, 'UPDATE applications SET status = ?, updated_at = ?, terminal_at = ? WHERE id = ?').run(
      timeline.status,
      timeline.at,
      TERMINAL_STATUSES.has(timeline.status) ? timeline.at : null,
      review.applicationId,
    );
    prepared(db, 'INSERT INTO timeline (application_id, status, at, source, detail) VALUES (?, ?, ?, ?, ?)').run(
      review.applicationId,
      timeline.status,
      timeline.at,
      timeline.source,
      timeline.detail,
    );
  }
  return true;
}

export function getReviewIn(db: Database.Database, applicationId: string): ReviewRecord | null {
  const record = prepared(db, 'SELECT record FROM reviews WHERE application_id = ?').pluck().get(applicationId) as string | undefined;
  return record === undefined ? null : (JSON.parse(record) as ReviewRecord);
}

export function listReviewsIn(db: Database.Database, query: ReviewQuery): ReviewRecord[] {
  const where: string[] = [];
  const values: Record<string, unknown> = { limit: query.limit };
  if (query.wards) {
    if (query.wards.length === 0) return [];
    where.push(`ward IN (SELECT value FROM json_each(@wards))`);
    values.wards = JSON.stringify(query.wards);
  }
  if (query.procedureId !== undefined) {
    where.push('procedure_id = @procedure');
    values.procedure = query.procedureId;
  }
  if (query.state !== undefined) {
    where.push('state = @state');
    values.state = query.state;
  }
  if (query.overdue !== undefined) {
    where.push('overdue = @overdue');
    values.overdue = query.overdue ? 1 : 0;
  }
  if (query.createdFrom !== undefined) {
    where.push('created_at >= @createdFrom');
    values.createdFrom = query.createdFrom;
  }
  if (query.createdBefore !== undefined) {
    where.push('created_at < @createdBefore');
    values.createdBefore = query.createdBefore;
  }
  if (query.after !== undefined) {
    // An unknown cursor matches nothing, as for dead letters.
    where.push('(created_at, application_id) > (SELECT created_at, application_id FROM reviews WHERE application_id = @after)');
    values.after = query.after;
  }
  const sql = `SELECT record FROM reviews ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, application_id LIMIT @limit`;
  return (prepared(db, sql).pluck().all(values) as string[]).map((record) => JSON.parse(record) as ReviewRecord);
}
