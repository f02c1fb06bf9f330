import type { Redis } from 'ioredis';
import { prefillChallengeForgottenAt, type PrefillChallengeRecord, type PrefillChallengeTake } from '../prefill-challenge-store.js';
import type { RedisKeys } from './keys.js';

/**
 * Prefill challenges in Redis: one hash each (`prefill-challenge:<id>`),
 * expiring when it is no longer remembered. The time to live is computed from
 * the caller's times, so a caller on another clock than the server's keeps
 * its five minutes.
 */
export class RedisPrefillChallenges {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async save(challenge: PrefillChallengeRecord): Promise<void> {
    const key = this.keys.prefillChallenge(challenge.id);
    const ttlMs = Math.max(1, Date.parse(prefillChallengeForgottenAt(challenge.expiresAt)) - Date.parse(challenge.createdAt));
    await this.redis.multi().hset(key, { clientId: challenge.clientId, createdAt: challenge.createdAt, expiresAt: challenge.expiresAt }).pexpire(key, ttlMs).exec();
  }

  /** HSETNX of `usedAt` decides between two concurrent takes: only one sets it. */
  async take(id: string, clientId: string, now: string): Promise<PrefillChallengeTake> {
    const key = this.keys.prefillChallenge(id);
    const [storedClient, expiresAt, usedAt] = await this.redis.hmget(key, 'clientId', 'expiresAt', 'usedAt');
    if (!storedClient || !expiresAt) return 'unknown';
    if (storedClient !== clientId) return 'other-client';
    if (usedAt) return 'used';
    if (expiresAt <= now) return 'expired';
    return (await this.redis.hsetnx(key, 'usedAt', now)) === 1 ? 'taken' : 'used';
  }
}
