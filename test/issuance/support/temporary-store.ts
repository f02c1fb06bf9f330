import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../src/store/sqlite/index.js';
import type { ApplicationRecord, Store } from '../../../src/store/types.js';

/** A real SQLite store in a fresh temporary directory. */
export function temporaryStore(): { store: Store; dispose: () => Promise<void> } {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-issuance-store-'));
  const store = openSqliteStore({ path: join(directory, 'kakehashi.db') });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Records an application as intake would, in the status given. */
export async function recordApplication(store: Store, application: ApplicationRecord): Promise<void> {
  await store.createApplication({
    application,
    timeline: [{ status: application.status, at: application.createdAt, source: 'intake', detail: 'Application received' }],
    job: { id: `${application.id}:0`, applicationId: application.id, step: 0, name: 'lookup-resident', payload: {}, runAt: application.createdAt },
    claims: [],
  });
}
