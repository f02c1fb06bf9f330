import type { ReviewQuery, ReviewRecord, ReviewStore, ReviewWrite } from '../parts/review-store.js';
import { audited } from './audit-rows.js';
import type { PostgresContext } from './postgres-context.js';
import { getReviewIn, listReviewsIn, saveReviewIn } from './review-queries.js';

/** Reviews in PostgreSQL: table `reviews` (queries in `review-queries.ts`); a decision's audit entry is appended in the same transaction. */
export class PostgresReviewStore implements ReviewStore {
  constructor(private readonly context: PostgresContext) {}

  saveReview(write: ReviewWrite): Promise<boolean> {
    return this.context.transaction(async (tx) => audited(tx, await saveReviewIn(tx, write), write.audit));
  }

  getReview(applicationId: string): Promise<ReviewRecord | null> {
    return getReviewIn(this.context.sql, applicationId);
  }

  listReviews(query: ReviewQuery): Promise<ReviewRecord[]> {
    return listReviewsIn(this.context.sql, query);
  }
}
