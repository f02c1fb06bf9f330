import type { AuditActor, AuditEvent } from '../audit-types.js';
import type { DeadLetterApproval, DeadLetterRequest, DeadLetterRequestOutcome } from '../dead-letter-request-types.js';
import type { DeadLetterStore } from '../parts/dead-letter-store.js';
import type { JobRecord } from '../parts/job-store.js';
import { approveDeadLetterActionScript, requestDeadLetterActionScript } from './dead-letter-request-scripts.js';
import { hashFromArray, jobFromHash } from './hash-records.js';
import { discardDeadLetterScript, listDeadLettersScript, replayDeadLetterScript } from './job-scripts.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/** Dead letters in Redis: dead jobs, and `dead-letter-request:<job id>` hashes for the four-eyes pair; audit entries in the same script. */
export class RedisDeadLetterStore implements DeadLetterStore {
  constructor(private readonly context: RedisContext) {}

  async listDeadLetters(limit: number, after?: string): Promise<JobRecord[]> {
    if (limit <= 0) return [];
    const jobs = (await this.context.run(listDeadLettersScript, [limit, after ?? ''])) as unknown[];
    return jobs.map((reply) => jobFromHash(hashFromArray(reply)));
  }

  async replayDeadLetter(jobId: string, now: string, audit?: AuditEvent): Promise<boolean> {
    return (await this.context.runAudited(replayDeadLetterScript, [jobId, now, millis(now)], audit)).result === 1;
  }

  async discardDeadLetter(jobId: string, now: string, reason: string, audit?: AuditEvent): Promise<boolean> {
    return (await this.context.runAudited(discardDeadLetterScript, [jobId, now, `discarded: ${reason}`], audit)).result === 1;
  }

  async requestDeadLetterAction(request: DeadLetterRequest, audit: AuditEvent): Promise<DeadLetterRequestOutcome> {
    const { kind, id, role } = request.requestedBy;
    const args = [request.jobId, request.action, request.reason ?? '', kind, id, role, request.requestedAt];
    const { result } = await this.context.runAudited(requestDeadLetterActionScript, args, audit);
    return result === 1 ? 'requested' : (result as DeadLetterRequestOutcome);
  }

  async getDeadLetterRequest(jobId: string): Promise<DeadLetterRequest | null> {
    const hash = await this.context.redis.hgetall(this.context.keys.deadLetterRequest(jobId));
    if (hash.action === undefined) return null;
    return {
      jobId,
      action: hash.action as DeadLetterRequest['action'],
      reason: hash.action === 'discard' ? (hash.reason ?? '') : null,
      requestedBy: { kind: hash.requestedByKind as AuditActor['kind'], id: hash.requestedById ?? '', role: hash.requestedByRole ?? '' },
      requestedAt: hash.requestedAt ?? '',
    };
  }

  async approveDeadLetterAction(request: DeadLetterRequest, approver: AuditActor, now: string, audit: AuditEvent): Promise<DeadLetterApproval> {
    const seen = [request.jobId, request.action, request.requestedAt, request.requestedBy.kind, request.requestedBy.id];
    const { result } = await this.context.runAudited(approveDeadLetterActionScript, [...seen, approver.kind, approver.id, now, millis(now)], audit);
    return result === 1 ? 'approved' : (result as DeadLetterApproval);
  }
}
