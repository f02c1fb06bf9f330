import {
  prefillChallengeForgottenAt,
  type PrefillChallengeRecord,
  type PrefillChallengeStore,
  type PrefillChallengeTake,
} from '../parts/prefill-challenge-store.js';
import type { RedisContext } from './redis-context.js';

/**
 * Prefill challenges in Redis: one hash each (`prefill-challenge:<id>`),
 * expiring when it is no longer remembered. The time to live is computed from
 * the caller's times, so a caller on another clock than the server's keeps
 * its five minutes.
 */
export class RedisPrefillChallengeStore implements PrefillChallengeStore {
  constructor(private readonly context: RedisContext) {}

  async savePrefillChallenge(challenge: PrefillChallengeRecord): Promise<void> {
    const key = this.context.keys.prefillChallenge(challenge.id);
    const ttlMs = Math.max(1, Date.parse(prefillChallengeForgottenAt(challenge.expiresAt)) - Date.parse(challenge.createdAt));
    const fields = { clientId: challenge.clientId, createdAt: challenge.createdAt, expiresAt: challenge.expiresAt };
    await this.context.redis.multi().hset(key, fields).pexpire(key, ttlMs).exec();
  }

  /** HSETNX of `usedAt` decides between two concurrent takes: only one sets it. */
  async takePrefillChallenge(id: string, clientId: string, now: string): Promise<PrefillChallengeTake> {
    const key = this.context.keys.prefillChallenge(id);
    const [storedClient, expiresAt, usedAt] = await this.context.redis.hmget(key, 'clientId', 'expiresAt', 'usedAt');
    if (!storedClient || !expiresAt) return 'unknown';
    if (storedClient !== clientId) return 'other-client';
    if (usedAt) return 'used';
    if (expiresAt <= now) return 'expired';
    return (await this.context.redis.hsetnx(key, 'usedAt', now)) === 1 ? 'taken' : 'used';
  }
}
