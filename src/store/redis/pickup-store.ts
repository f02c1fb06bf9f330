import type { PickupFetch, PickupLock, PickupRecord, PickupStatus, PickupStore, PickupUpdate } from '../parts/pickup-store.js';
import { fetchOutcome, mayReplacePickup, statusUpdateOutcome } from '../pickup-transitions.js';
import { applicationNotFound, checkNewPickup, duplicatePickupCode } from '../store-errors.js';
import { hashFromArray, pickupFromHash, pickupToPairs } from './hash-records.js';
import { movePickupScript, recordWrongCheckPartScript, savePickupScript } from './pickup-scripts.js';
import { millis } from './redis-args.js';
import type { RedisContext } from './redis-context.js';

/**
 * Pickups in Redis: `pickup:<certificateId>` hashes, the `pickup-codes` and
 * `pickup-numbers` hashes, `pickup-lock:<certificateId>` and the
 * `pickups:due` zset. The state rules are `pickup-transitions.ts`: each write
 * reads, asks the rules, and commits by compare-and-set on what it read.
 */
export class RedisPickupStore implements PickupStore {
  constructor(private readonly context: RedisContext) {}

  async savePickup(pickup: PickupRecord): Promise<PickupRecord> {
    checkNewPickup(pickup);
    const key = this.context.keys.pickup(pickup.certificateId);
    return this.context.compareAndSet(async () => {
      const stored = (await this.context.redis.hget(key, 'status')) as PickupStatus | null;
      if (!mayReplacePickup(stored)) return (await this.getPickupByCertificate(pickup.certificateId)) ?? undefined;
      const args = [pickup.certificateId, pickup.applicationId, pickup.code ?? '', pickup.status, millis(pickup.notBefore), stored ?? ''];
      const saved = await this.context.run(savePickupScript, [...args, ...pickupToPairs(pickup)]);
      if (saved === 'stale') return undefined;
      if (saved === 'application-not-found') throw applicationNotFound(pickup.applicationId);
      if (saved === 'duplicate-pickup-code') throw duplicatePickupCode(pickup.certificateId);
      return pickupFromHash(hashFromArray(saved));
    });
  }

  async getPickup(code: string): Promise<PickupRecord | null> {
    const certificateId = await this.context.redis.hget(this.context.keys.pickupCodes, code);
    return certificateId === null ? null : this.getPickupByCertificate(certificateId);
  }

  async getPickupByCertificate(certificateId: string): Promise<PickupRecord | null> {
    const hash = await this.context.redis.hgetall(this.context.keys.pickup(certificateId));
    return hash.certificateId === undefined ? null : pickupFromHash(hash);
  }

  async findPickupByNumber(pickupNumber: string): Promise<PickupRecord | null> {
    const certificateId = await this.context.redis.hget(this.context.keys.pickupNumbers, pickupNumber);
    return certificateId === null ? null : this.getPickupByCertificate(certificateId);
  }

  async recordWrongCheckPart(certificateId: string, now: string, lockAfter: number): Promise<PickupLock> {
    const [wrongCheckParts, lockedAt] = (await this.context.run(recordWrongCheckPartScript, [certificateId, now, lockAfter])) as [number, string];
    return { wrongCheckParts, lockedAt: lockedAt === '' ? null : lockedAt };
  }

  async getPickupLock(certificateId: string): Promise<PickupLock> {
    const [wrongCheckParts, lockedAt] = await this.context.redis.hmget(this.context.keys.pickupLock(certificateId), 'wrongCheckParts', 'lockedAt');
    return { wrongCheckParts: wrongCheckParts === null ? 0 : Number(wrongCheckParts), lockedAt: lockedAt ?? null };
  }

  /** The move to `fetched` requires the status read and no lock, so of concurrent fetches (or a fetch and a locking guess) one wins. */
  async markPickupFetched(code: string, now: string): Promise<PickupFetch> {
    const { redis, keys } = this.context;
    return this.context.compareAndSet(async () => {
      const certificateId = await redis.hget(keys.pickupCodes, code);
      if (certificateId === null) return fetchOutcome(null, now);
      const replies = await redis.multi().hmget(keys.pickup(certificateId), 'status', 'expiresAt').hexists(keys.pickupLock(certificateId), 'lockedAt').exec();
      const [status, expiresAt] = (replies?.[0]?.[1] ?? []) as Array<string | null>;
      if (!status || !expiresAt) return fetchOutcome(null, now);
      const locked = replies?.[1]?.[1] === 1;
      const outcome = fetchOutcome({ status: status as PickupStatus, expiresAt, locked }, now);
      if (outcome !== 'ok') return outcome;
      return (await this.context.run(movePickupScript, [certificateId, status, 'fetched', now, '1', '1'])) === 1 ? outcome : undefined;
    });
  }

  async updatePickupStatus(code: string, status: 'printed' | 'expired', now: string): Promise<PickupUpdate> {
    const { redis, keys } = this.context;
    return this.context.compareAndSet(async () => {
      const certificateId = await redis.hget(keys.pickupCodes, code);
      const current = certificateId === null ? null : ((await redis.hget(keys.pickup(certificateId), 'status')) as PickupStatus | null);
      const outcome = statusUpdateOutcome(current, status);
      if (outcome !== 'updated' || certificateId === null) return outcome;
      return (await this.context.run(movePickupScript, [certificateId, current ?? '', status, now, '', ''])) === 1 ? outcome : undefined;
    });
  }

  async listPickupsDue(now: string, limit: number): Promise<PickupRecord[]> {
    if (limit <= 0) return [];
    const ids = await this.context.redis.zrangebyscore(this.context.keys.pickupsDue, '-inf', millis(now), 'LIMIT', 0, limit);
    const pickups = (await this.context.readHashes(ids.map((id) => this.context.keys.pickup(id)), 'certificateId')).map(pickupFromHash);
    return pickups.filter((pickup) => pickup.status === 'pending');
  }
}
