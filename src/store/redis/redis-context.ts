import type { Redis } from 'ioredis';
import { chainAuditEntry, EMPTY_HEAD } from '../../audit/audit-chain.js';
import { UnavailableError } from '../../errors.js';
import type { AuditEntry, AuditEvent } from '../audit-types.js';
import type { Hash } from './hash-records.js';
import { redisKeys, type RedisKeys } from './keys.js';
import type { LuaScript } from './lua-script.js';
import { millis } from './redis-args.js';

/** How often a compare-and-set write re-reads and retries before giving up under contention. */
const COMPARE_AND_SET_ATTEMPTS = 50;

/**
 * What every Redis part shares: the connection, the key layout and the ways
 * to write. A write that touches more than one key is one Lua script
 * (`run`), which Redis runs without interleaving; a write that spans parts
 * (intake: application, timeline, first job, claims, idempotency record) is
 * one script too (`createApplicationScript`). A rule decided in TypeScript
 * (merging JSON, the pickup transitions) commits by a compare-and-set script
 * inside `compareAndSet`, which reads again while another write got there first.
 */
export class RedisContext {
  readonly keys: RedisKeys;

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  /** Runs a script of this store: the prefix goes first, the scripts build their keys from it. */
  run(script: LuaScript, args: Array<string | number>): Promise<unknown> {
    return script.run(this.redis, [this.prefix, ...args]);
  }

  /**
   * Runs an audited script (audit-scripts.ts): with an event, chains the entry
   * on the head read now and retries while another append moved the head.
   */
  async runAudited(script: LuaScript, args: Array<string | number>, audit: AuditEvent | undefined): Promise<{ result: unknown; entry?: AuditEntry }> {
    if (!audit) return { result: await this.run(script, [...args, '', '', '', '', '']) };
    return this.compareAndSet(async () => {
      const [seq, hash] = await this.redis.hmget(this.keys.auditHead, 'seq', 'hash');
      const head = seq && hash ? { seq: Number(seq), hash } : EMPTY_HEAD;
      const entry = chainAuditEntry(head, audit);
      const result = await this.run(script, [...args, String(head.seq), String(entry.seq), JSON.stringify(entry), entry.hash, millis(entry.at)]);
      return result === 'audit-stale' ? undefined : { result, entry };
    });
  }

  /** Runs `attempt` until it returns something other than undefined (undefined: changed meanwhile, read again). */
  async compareAndSet<T>(attempt: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < COMPARE_AND_SET_ATTEMPTS; i++) {
      const result = await attempt();
      if (result !== undefined) return result;
    }
    throw new UnavailableError('store-contention', 'a record kept changing while it was being updated; try again', 1);
  }

  /** The hashes at `keys` in one pipeline, leaving out those without `idField` (gone meanwhile). */
  async readHashes(keys: string[], idField = 'id'): Promise<Hash[]> {
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([error, hash]) => {
      if (error) throw error;
      const record = hash as Hash;
      return record[idField] === undefined ? [] : [record];
    });
  }
}
