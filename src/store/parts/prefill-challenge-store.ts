/**
 * The store part for prefill challenges: random values a frontend fetches
 * (GET /v1/prefill/challenge) for the resident to sign with the 利用者証明用
 * certificate. Each is bound to the client that fetched it, lives five
 * minutes and is good for one prefill. A used or expired challenge is
 * remembered a while longer, so a second use is told apart from one never
 * issued.
 */

/** How long a challenge can be used. */
export const PREFILL_CHALLENGE_TTL_SECONDS = 300;
/** How long after its expiry a challenge is still remembered (to answer "used" or "expired" rather than "unknown"). */
export const PREFILL_CHALLENGE_MEMORY_SECONDS = 3600;

/** One issued challenge. The challenge itself is never stored, only its hash. */
export interface PrefillChallengeRecord {
  /** SHA-256 hex of the challenge value. */
  id: string;
  /** The API client that fetched it. */
  clientId: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * What taking a challenge found: `taken` (it is now used), `unknown` (never
 * issued, or forgotten), `other-client` (issued to another client; left
 * untouched, so that client can still use it), `used`, `expired`.
 */
export type PrefillChallengeTake = 'taken' | 'unknown' | 'other-client' | 'used' | 'expired';

/**
 * Semantics (both implementations): `takePrefillChallenge` checks in the
 * order unknown, other-client, used, expired (`expiresAt <= now`), and marks
 * the challenge used only when it answers `taken`; of two concurrent takes
 * one answers `taken`, the other `used`. Records are deleted some time after
 * `expiresAt + PREFILL_CHALLENGE_MEMORY_SECONDS`.
 */
export interface PrefillChallengeStore {
  savePrefillChallenge(challenge: PrefillChallengeRecord): Promise<void>;
  takePrefillChallenge(id: string, clientId: string, now: string): Promise<PrefillChallengeTake>;
}

/** The time until which a challenge expiring at `expiresAt` is remembered. */
export function prefillChallengeForgottenAt(expiresAt: string): string {
  return new Date(Date.parse(expiresAt) + PREFILL_CHALLENGE_MEMORY_SECONDS * 1000).toISOString();
}
