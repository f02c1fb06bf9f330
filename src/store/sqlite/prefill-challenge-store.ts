import type { PrefillChallengeRecord, PrefillChallengeStore, PrefillChallengeTake } from '../parts/prefill-challenge-store.js';
import { saveChallenge, takeChallenge } from './prefill-challenges.js';
import type { SqliteContext } from './sqlite-context.js';

/** Prefill challenges in SQLite (statements in `prefill-challenges.ts`); a take is one write, so concurrent takes serialise. */
export class SqlitePrefillChallengeStore implements PrefillChallengeStore {
  constructor(private readonly context: SqliteContext) {}

  savePrefillChallenge(challenge: PrefillChallengeRecord): Promise<void> {
    return this.context.write((db) => saveChallenge(db, challenge));
  }

  takePrefillChallenge(id: string, clientId: string, now: string): Promise<PrefillChallengeTake> {
    return this.context.write((db) => takeChallenge(db, id, clientId, now));
  }
}
