import type { PrefillChallengeRecord, PrefillChallengeStore, PrefillChallengeTake } from '../parts/prefill-challenge-store.js';
import type { PostgresContext } from './postgres-context.js';
import { saveChallenge, takeChallenge } from './prefill-challenges.js';

/** Prefill challenges in PostgreSQL (statements in `prefill-challenges.ts`); a take locks the challenge's row, so takes from any process serialise. */
export class PostgresPrefillChallengeStore implements PrefillChallengeStore {
  constructor(private readonly context: PostgresContext) {}

  savePrefillChallenge(challenge: PrefillChallengeRecord): Promise<void> {
    return this.context.transaction((tx) => saveChallenge(tx, challenge));
  }

  takePrefillChallenge(id: string, clientId: string, now: string): Promise<PrefillChallengeTake> {
    return this.context.transaction((tx) => takeChallenge(tx, id, clientId, now));
  }
}
