/**
 * Prefill challenges: 32 random bytes (base64url, 43 characters) that the
 * resident signs with the 利用者証明用 certificate. The signed content is the
 * challenge text exactly as issued (its UTF-8, i.e. ASCII, bytes). Only the
 * SHA-256 of a challenge is stored, so a copy of the store cannot be used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PREFILL_CHALLENGE_TTL_SECONDS, type PrefillChallengeStore } from '../store/parts/prefill-challenge-store.js';
import { challengeExpired, challengeOtherClient, challengeUnknown, challengeUsed } from './prefill-errors.js';

/** The shape of a challenge as issued. */
export const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** An issued challenge. */
export interface IssuedChallenge {
  challenge: string;
  expiresAt: string;
}

const idOf = (challenge: string): string => createHash('sha256').update(challenge, 'utf8').digest('hex');

/** Issues a challenge for `clientId`, good for five minutes from `now`. */
export async function issueChallenge(store: PrefillChallengeStore, clientId: string, now: Date): Promise<IssuedChallenge> {
  const challenge = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + PREFILL_CHALLENGE_TTL_SECONDS * 1000).toISOString();
  await store.savePrefillChallenge({ id: idOf(challenge), clientId, createdAt: now.toISOString(), expiresAt });
  return { challenge, expiresAt };
}

/** Uses the challenge up, or throws the refusal naming `/challenge`. */
export async function takeChallenge(store: PrefillChallengeStore, challenge: string, clientId: string, now: Date): Promise<void> {
  const outcome = await store.takePrefillChallenge(idOf(challenge), clientId, now.toISOString());
  switch (outcome) {
    case 'taken':
      return;
    case 'unknown':
      throw challengeUnknown();
    case 'other-client':
      throw challengeOtherClient();
    case 'used':
      throw challengeUsed();
    case 'expired':
      throw challengeExpired();
  }
}
