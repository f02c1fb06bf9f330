import type { RetentionStore } from '../parts/retention-store.js';
import type { ReviewRecord } from '../parts/review-store.js';
import { purgeApplicationScript } from './purge-script.js';
import { purgedReview } from './purged-review.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';
import { backfillRetentionIndex } from './retention-backfill.js';

/** The retention purge in Redis: the `retention:<procedureId>` zsets find applications, one script purges one. */
export class RedisRetentionStore implements RetentionStore {
  /** Whether this process saw the retention index complete (see `backfillRetentionIndex`). */
  private retentionIndexed = false;

  constructor(private readonly context: RedisContext) {}

  async listRetentionEnded(procedureId: string, terminalBefore: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    if (!this.retentionIndexed) {
      await backfillRetentionIndex(this.context.redis, this.context.prefix);
      this.retentionIndexed = true;
    }
    return this.context.redis.zrangebyscore(this.context.keys.retention(procedureId), '-inf', millis(terminalBefore), 'LIMIT', 0, limit);
  }

  /** The review's cleared record is made here from the stored one and written only while its version is unchanged. */
  async purgeApplication(id: string, terminalBefore: string, now: string): Promise<boolean> {
    return this.context.compareAndSet(async () => {
      const [version, record] = await this.context.redis.hmget(this.context.keys.review(id), 'version', 'record');
      const cleared = version && record ? purgedReview(JSON.parse(record) as ReviewRecord) : null;
      const result = await this.context.run(purgeApplicationScript, [
        id,
        millis(terminalBefore),
        now,
        cleared ? (version ?? '') : '',
        cleared ? JSON.stringify(cleared) : '',
        cleared ? String(cleared.version) : '',
      ]);
      return result === -1 ? undefined : result === 1;
    });
  }

  /** Nothing: deleted keys are gone from memory; the append-only file keeps them until the server rewrites it (BGREWRITEAOF). */
  async compactAfterPurge(): Promise<void> {}
}
