import { mergeRecord } from '../merge-patch.js';
import { ClaimTakenError, type ApplicationRecord, type ApplicationStore, type NewApplication, type TimelineEntry } from '../parts/application-store.js';
import { applicationNotFound, duplicateRecord } from '../store-errors.js';
import { APPLICATION_FIELDS, appendTimelineScript, createApplicationScript, updateApplicationScript } from './application-scripts.js';
import { applicationFromHash } from './hash-records.js';
import { compositeField } from './keys.js';
import { millis, newJobArgs, terminalMillis, throwJobProblem, timelineJson } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/** Applications and their timeline in Redis: `app:<id>` hashes, `timeline:<id>` lists, the `claims` hash. */
export class RedisApplicationStore implements ApplicationStore {
  constructor(private readonly context: RedisContext) {}

  /** Intake's transaction across parts is the one `createApplicationScript`: it checks every claim and id before writing anything. */
  async createApplication(input: NewApplication): Promise<void> {
    const { application, timeline, job, claims, idempotency } = input;
    const record: Record<(typeof APPLICATION_FIELDS)[number], string> = {
      ...application,
      status: timeline.at(-1)?.status ?? application.status,
      form: JSON.stringify(application.form),
      identity: JSON.stringify(application.identity),
      payment: JSON.stringify(application.payment),
      issuance: JSON.stringify(application.issuance),
    };
    const result = await this.context.run(createApplicationScript, [
      ...APPLICATION_FIELDS.map((field) => record[field]),
      timeline.length,
      ...timeline.map(timelineJson),
      ...newJobArgs(job),
      claims.length,
      ...claims.map((claim) => compositeField(claim.kind, claim.key)),
      idempotency ? compositeField(idempotency.clientId, idempotency.key) : '',
      idempotency ? JSON.stringify(idempotency.response) : '',
      idempotency?.expiresAt ?? '',
      idempotency?.expiresAt ? millis(idempotency.expiresAt) : '',
      terminalMillis(timeline.at(-1)),
    ]);
    if (Array.isArray(result)) {
      const claim = claims[Number(result[1]) - 1];
      if (claim) throw new ClaimTakenError({ kind: claim.kind, key: claim.key });
    }
    if (result === 'duplicate-application') throw duplicateRecord('application', application.id);
    throwJobProblem(result, job);
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    const hash = await this.context.redis.hgetall(this.context.keys.application(id));
    return hash.id === undefined ? null : applicationFromHash(hash);
  }

  async getTimeline(applicationId: string): Promise<TimelineEntry[]> {
    const entries = await this.context.redis.lrange(this.context.keys.timeline(applicationId), 0, -1);
    return entries.map((entry) => JSON.parse(entry) as TimelineEntry);
  }

  async appendTimeline(applicationId: string, entry: TimelineEntry): Promise<void> {
    const appended = await this.context.run(appendTimelineScript, [applicationId, entry.status, entry.at, timelineJson(entry), terminalMillis(entry)]);
    if (appended === 0) throw applicationNotFound(applicationId);
  }

  /** Merges in TypeScript (Lua's cjson would alter numbers and empty arrays) and commits while the stored records are the ones merged into. */
  async updateApplication(id: string, patch: Partial<Pick<ApplicationRecord, 'identity' | 'payment' | 'issuance'>>, now: string): Promise<void> {
    await this.context.compareAndSet(async () => {
      const stored = await this.context.redis.hmget(this.context.keys.application(id), 'identity', 'payment', 'issuance');
      if (stored[0] === null || stored[0] === undefined) throw applicationNotFound(id);
      const current = stored.map((value) => value ?? 'null');
      const merged = (['identity', 'payment', 'issuance'] as const).map((field, index) => {
        const value = patch[field];
        const old = current[index] ?? 'null';
        if (value === undefined) return old;
        return JSON.stringify(value === null ? null : mergeRecord(JSON.parse(old) as Record<string, unknown> | null, value));
      });
      const applied = await this.context.run(updateApplicationScript, [id, ...current, ...merged, now]);
      if (applied === -1) throw applicationNotFound(id);
      return applied === 1 ? true : undefined;
    });
  }
}
