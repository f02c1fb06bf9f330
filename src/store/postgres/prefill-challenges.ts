import { prefillChallengeForgottenAt, type PrefillChallengeRecord, type PrefillChallengeTake } from '../parts/prefill-challenge-store.js';
import type { Query } from './postgres-context.js';

/** Prefill challenges in PostgreSQL (table `prefill_challenges`). Each function runs inside the caller's transaction. */

interface ChallengeRow {
  client_id: string;
  expires_at: string;
  used_at: string | null;
}

/** Saves a challenge, and deletes those past remembering: the table never grows with abandoned ones. */
export async function saveChallenge(tx: Query, challenge: PrefillChallengeRecord): Promise<void> {
  await tx`DELETE FROM prefill_challenges WHERE forget_at <= ${challenge.createdAt}`;
  await tx`
    INSERT INTO prefill_challenges (id, client_id, created_at, expires_at, forget_at)
    VALUES (${challenge.id}, ${challenge.clientId}, ${challenge.createdAt}, ${challenge.expiresAt}, ${prefillChallengeForgottenAt(challenge.expiresAt)})`;
}

/**
 * Reads the challenge with its row locked (`FOR UPDATE`), so a concurrent
 * take from any process waits for this transaction and then reads it used.
 */
export async function takeChallenge(tx: Query, id: string, clientId: string, now: string): Promise<PrefillChallengeTake> {
  const [row] = await tx<ChallengeRow[]>`SELECT client_id, expires_at, used_at FROM prefill_challenges WHERE id = ${id} FOR UPDATE`;
  if (!row) return 'unknown';
  if (row.client_id !== clientId) return 'other-client';
  if (row.used_at !== null) return 'used';
  if (row.expires_at <= now) return 'expired';
  await tx`UPDATE prefill_challenges SET used_at = ${now} WHERE id = ${id}`;
  return 'taken';
}
