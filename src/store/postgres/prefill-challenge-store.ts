import type { PostgresContext } from './postgres-context.js';

/** PLACEHOLDER: the PostgreSQL PrefillChallengeStore (see ../parts/). Replace with `implements PrefillChallengeStore`. */
export class PostgresPrefillChallengeStore {
  constructor(readonly context: PostgresContext) {}
}
