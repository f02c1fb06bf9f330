import type { ReviewQuery, ReviewRecord, ReviewStore, ReviewWrite } from '../parts/review-store.js';
import { insertAuditEntry } from './audit-rows.js';
import { getReviewIn, listReviewsIn, saveReviewIn } from './review-queries.js';
import type { SqliteContext } from './sqlite-context.js';

/** Reviews in SQLite: table `reviews` (queries in `review-queries.ts`); a decision's audit entry is appended in the same write. */
export class SqliteReviewStore implements ReviewStore {
  constructor(private readonly context: SqliteContext) {}

  saveReview(write: ReviewWrite): Promise<boolean> {
    return this.context.write((db) => {
      const saved = saveReviewIn(db, write);
      if (saved && write.audit) insertAuditEntry(db, write.audit);
      return saved;
    });
  }

  async getReview(applicationId: string): Promise<ReviewRecord | null> {
    return getReviewIn(this.context.db, applicationId);
  }

  async listReviews(query: ReviewQuery): Promise<ReviewRecord[]> {
    return listReviewsIn(this.context.db, query);
  }
}
