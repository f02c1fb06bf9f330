import type { AuditCheckpoint, AuditEntry, AuditEvent } from '../audit-types.js';
import type { AuditStore } from '../parts/audit-store.js';
import { appendAuditScript, saveAuditCheckpointScript } from './audit-scripts.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/** The audit chain in Redis: `audit:entries`, `audit:order`, `audit:at`, `audit:head`, `audit:checkpoints`. */
export class RedisAuditStore implements AuditStore {
  constructor(private readonly context: RedisContext) {}

  async appendAudit(event: AuditEvent): Promise<AuditEntry> {
    const { entry } = await this.context.runAudited(appendAuditScript, [], event);
    return entry!;
  }

  async listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const seqs = await this.context.redis.zrangebyscore(this.context.keys.auditOrder, `(${afterSeq}`, '+inf', 'LIMIT', 0, limit);
    return readAuditEntries(this.context, seqs);
  }

  async listAuditBetween(from: string, to: string): Promise<AuditEntry[]> {
    const seqs = await this.context.redis.zrangebyscore(this.context.keys.auditAt, millis(from), `(${millis(to)}`);
    return readAuditEntries(this.context, seqs.sort((a, b) => Number(a) - Number(b)));
  }

  async saveAuditCheckpoint(checkpoint: AuditCheckpoint): Promise<boolean> {
    const record: AuditCheckpoint = { day: checkpoint.day, seq: checkpoint.seq, hash: checkpoint.hash, signedAt: checkpoint.signedAt, signature: checkpoint.signature };
    return (await this.context.run(saveAuditCheckpointScript, [checkpoint.day, JSON.stringify(record)])) === 1;
  }

  async listAuditCheckpoints(): Promise<AuditCheckpoint[]> {
    const all = await this.context.redis.hgetall(this.context.keys.auditCheckpoints);
    return Object.keys(all)
      .sort()
      .map((day) => JSON.parse(all[day]!) as AuditCheckpoint);
  }
}

/** The entries of these seqs, in that order; a removed entry is simply missing. */
async function readAuditEntries(context: RedisContext, seqs: string[]): Promise<AuditEntry[]> {
  if (seqs.length === 0) return [];
  const records = await context.redis.hmget(context.keys.auditEntries, ...seqs);
  return records.flatMap((record) => (record === null ? [] : [JSON.parse(record) as AuditEntry]));
}
