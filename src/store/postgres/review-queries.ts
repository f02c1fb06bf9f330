import type { ReviewQuery, ReviewRecord, ReviewWrite } from '../parts/review-store.js';
import { jsonOrNull, terminalAt } from '../rows.js';
import { insertTimeline, requireApplication } from './application-writes.js';
import type { Query } from './postgres-context.js';

/**
 * The reviews table: the record as JSON beside the columns the queue filters
 * and sorts by. `saveReviewIn` runs inside the caller's transaction.
 */

/**
 * Writes the review by compare-and-set on its version, then the correction
 * and the timeline entry; false, writing nothing, when the stored version is
 * not the one expected.
 */
export async function saveReviewIn(tx: Query, write: ReviewWrite): Promise<boolean> {
  const { review, expectedVersion, timeline, correction } = write;
  const saved = expectedVersion === null ? await insertFirstReview(tx, review) : await updateReview(tx, review, expectedVersion);
  if (!saved) return false;
  if (correction) {
    await tx`
      UPDATE applications SET form = ${JSON.stringify(correction.form)}, identity = ${jsonOrNull(correction.identity)}, updated_at = ${review.updatedAt}
      WHERE id = ${review.applicationId}`;
  }
  if (timeline) {
    // A decision that ends the case (a rejection) starts the retention period, as appendTimeline does.
    await tx`UPDATE applications SET status = ${timeline.status}, updated_at = ${timeline.at}, terminal_at = ${terminalAt(timeline)} WHERE id = ${review.applicationId}`;
    await insertTimeline(tx, review.applicationId, timeline);
  }
  return true;
}

/** The application's first review; false when another writer (in any process) inserted one first. */
async function insertFirstReview(tx: Query, review: ReviewRecord): Promise<boolean> {
  await requireApplication(tx, review.applicationId);
  const inserted = await tx`
    INSERT INTO reviews (application_id, procedure_id, ward, state, overdue, version, record, created_at)
    VALUES (${review.applicationId}, ${review.procedureId}, ${review.ward}, ${review.state}, ${review.overdue ? 1 : 0}, ${review.version},
      ${JSON.stringify(review)}, ${review.createdAt})
    ON CONFLICT (application_id) DO NOTHING`;
  return inserted.count === 1;
}

/**
 * The review, only while its stored version is `expectedVersion`: of
 * concurrent writers of one version, the first takes the row lock and the
 * others, re-checking the version once it is released, miss.
 */
async function updateReview(tx: Query, review: ReviewRecord, expectedVersion: number): Promise<boolean> {
  const updated = await tx`
    UPDATE reviews SET procedure_id = ${review.procedureId}, ward = ${review.ward}, state = ${review.state}, overdue = ${review.overdue ? 1 : 0},
      version = ${review.version}, record = ${JSON.stringify(review)}, created_at = ${review.createdAt}
    WHERE application_id = ${review.applicationId} AND version = ${expectedVersion}`;
  return updated.count === 1;
}

export async function getReviewIn(sql: Query, applicationId: string): Promise<ReviewRecord | null> {
  const [row] = await sql<Array<{ record: string }>>`SELECT record FROM reviews WHERE application_id = ${applicationId}`;
  return row ? (JSON.parse(row.record) as ReviewRecord) : null;
}

export async function listReviewsIn(sql: Query, query: ReviewQuery): Promise<ReviewRecord[]> {
  if (query.wards?.length === 0) return [];
  const none = sql``;
  const rows = await sql<Array<{ record: string }>>`
    SELECT record FROM reviews WHERE TRUE
      ${query.wards ? sql`AND ward IN ${sql([...query.wards])}` : none}
      ${query.procedureId !== undefined ? sql`AND procedure_id = ${query.procedureId}` : none}
      ${query.state !== undefined ? sql`AND state = ${query.state}` : none}
      ${query.overdue !== undefined ? sql`AND overdue = ${query.overdue ? 1 : 0}` : none}
      ${query.createdFrom !== undefined ? sql`AND created_at >= ${query.createdFrom}` : none}
      ${query.createdBefore !== undefined ? sql`AND created_at < ${query.createdBefore}` : none}
      ${
        // An unknown cursor matches nothing, as for dead letters.
        query.after !== undefined
          ? sql`AND (created_at, application_id) > (SELECT created_at, application_id FROM reviews WHERE application_id = ${query.after})`
          : none
      }
    ORDER BY created_at, application_id LIMIT ${query.limit}`;
  return rows.map((row) => JSON.parse(row.record) as ReviewRecord);
}
