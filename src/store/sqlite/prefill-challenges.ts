import type Database from 'better-sqlite3';
import { prefillChallengeForgottenAt, type PrefillChallengeRecord, type PrefillChallengeTake } from '../parts/prefill-challenge-store.js';
import { prepared } from './prepared.js';

/** Prefill challenges in SQLite (table `prefill_challenges`, migration 14). Each function runs inside one write. */

interface ChallengeRow {
  client_id: string;
  expires_at: string;
  used_at: string | null;
}

/** Saves a challenge, and deletes those past remembering: the table never grows with abandoned ones. */
export function saveChallenge(db: Database.Database, challenge: PrefillChallengeRecord): void {
  prepared(db, 'DELETE FROM prefill_challenges WHERE forget_at <= ?').run(challenge.createdAt);
  prepared(
    db,
    `INSERT INTO prefill_challenges (id, client_id, created_at, expires_at, forget_at)
     VALUES (@id, @clientId, @createdAt, @expiresAt, @forgetAt)`,
  ).run({ ...challenge, forgetAt: prefillChallengeForgottenAt(challenge.expiresAt) });
}

export function takeChallenge(db: Database.Database, id: string, clientId: string, now: string): PrefillChallengeTake {
  const row = prepared(db, 'SELECT client_id, expires_at, used_at FROM prefill_challenges WHERE id = ?').get(id) as ChallengeRow | undefined;
  if (!row) return 'unknown';
  if (row.client_id !== clientId) return 'other-client';
  if (row.used_at !== null) return 'used';
  if (row.expires_at <= now) return 'expired';
  prepared(db, 'UPDATE prefill_challenges SET used_at = ? WHERE id = ?').run(now, id);
  return 'taken';
}
