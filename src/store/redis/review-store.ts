import type { ReviewQuery, ReviewRecord, ReviewStore, ReviewWrite } from '../parts/review-store.js';
import { applicationNotFound } from '../store-errors.js';
import { terminalMillis, timelineJson } from './redis-args.js';
import type { RedisContext } from './redis-context.js';
import { saveReviewScript } from './review-scripts.js';

/** Reviews read per round trip while a queue page is filled. */
const REVIEW_BATCH = 200;

/** Reviews in Redis: `review:<id>` hashes and one `reviews` lex zset in age order. */
export class RedisReviewStore implements ReviewStore {
  constructor(private readonly context: RedisContext) {}

  async saveReview(write: ReviewWrite): Promise<boolean> {
    const { review, expectedVersion, timeline, correction } = write;
    const { result } = await this.context.runAudited(
      saveReviewScript,
      [
        review.applicationId,
        expectedVersion === null ? '' : String(expectedVersion),
        String(review.version),
        JSON.stringify(review),
        reviewMember(review),
        timeline?.status ?? '',
        timeline?.at ?? review.updatedAt,
        timeline ? timelineJson(timeline) : '',
        correction ? JSON.stringify(correction.form) : '',
        correction ? JSON.stringify(correction.identity) : '',
        terminalMillis(timeline),
      ],
      write.audit,
    );
    if (result === -1) throw applicationNotFound(review.applicationId);
    return result === 1;
  }

  async getReview(applicationId: string): Promise<ReviewRecord | null> {
    const record = await this.context.redis.hget(this.context.keys.review(applicationId), 'record');
    return record === null ? null : (JSON.parse(record) as ReviewRecord);
  }

  /** Walks the age-ordered queue in batches and filters here: one zset serves every filter. */
  async listReviews(query: ReviewQuery): Promise<ReviewRecord[]> {
    const { redis, keys } = this.context;
    if (query.wards?.length === 0) return [];
    let from = '-';
    if (query.after !== undefined) {
      const member = await redis.hget(keys.review(query.after), 'member');
      if (member === null) return [];
      from = `(${member}`;
    }
    const wards = query.wards ? new Set(query.wards) : undefined;
    const found: ReviewRecord[] = [];
    for (;;) {
      const members = await redis.zrangebylex(keys.reviews, from, '+', 'LIMIT', 0, REVIEW_BATCH);
      if (members.length === 0) return found;
      const pipeline = redis.pipeline();
      for (const member of members) pipeline.hget(keys.review(member.slice(member.indexOf('\0') + 1)), 'record');
      for (const [error, record] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        if (typeof record !== 'string') continue;
        const review = JSON.parse(record) as ReviewRecord;
        if (wards && !wards.has(review.ward)) continue;
        if (query.procedureId !== undefined && review.procedureId !== query.procedureId) continue;
        if (query.state !== undefined && review.state !== query.state) continue;
        if (query.overdue !== undefined && review.overdue !== query.overdue) continue;
        if (query.createdFrom !== undefined && review.createdAt < query.createdFrom) continue;
        if (query.createdBefore !== undefined && review.createdAt >= query.createdBefore) continue;
        found.push(review);
        if (found.length === query.limit) return found;
      }
      from = `(${members.at(-1)!}`;
    }
  }
}

/** A review's member of the age-ordered queue zset. */
function reviewMember(review: ReviewRecord): string {
  return `${review.createdAt}\0${review.applicationId}`;
}
