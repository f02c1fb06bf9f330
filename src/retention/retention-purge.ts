import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Catalog } from '../catalog/procedure.js';
import type { Store } from '../store/types.js';
import { latestStartEndedBy } from '../time/iso-duration.js';

/** What one purge run needs. */
export interface RetentionPurgeOptions {
  store: Pick<Store, 'listRetentionEnded' | 'purgeApplication' | 'compactAfterPurge'>;
  catalog: Pick<Catalog, 'list'>;
  clock: () => Date;
  /** Applications looked up and purged per batch; the store is let go between batches. */
  batchSize: number;
  /** Asked between batches: true stops the run early (the gateway is closing). */
  stopped?: () => boolean;
}

/** What one run did: counts only. */
export interface RetentionPurgeResult {
  purged: number;
  procedures: number;
}

/**
 * One pass of the retention purge (保存期間): for each procedure, the
 * applications whose period — the procedure's `retention`, counted from the
 * terminal status (完結) — ended by now lose their personal data, one store
 * write each, in batches. Applications that never reached a terminal status
 * are kept: their case is not closed. The time is read once, so a long run
 * never purges what was not due when it began.
 */
export async function runRetentionPurge(options: RetentionPurgeOptions): Promise<RetentionPurgeResult> {
  const now = options.clock();
  const nowIso = now.toISOString();
  let purged = 0;
  let procedures = 0;
  for (const { procedure } of options.catalog.list()) {
    const terminalBefore = latestStartEndedBy(now, procedure.retention).toISOString();
    let purgedHere = 0;
    for (;;) {
      if (options.stopped?.()) break;
      const due = await options.store.listRetentionEnded(procedure.id, terminalBefore, options.batchSize);
      let batch = 0;
      for (const id of due) if (await options.store.purgeApplication(id, terminalBefore, nowIso)) batch += 1;
      purgedHere += batch;
      // A batch that purged nothing changed under us (another process purged it): the next run looks again.
      if (due.length < options.batchSize || batch === 0) break;
      await nextTurn();
    }
    purged += purgedHere;
    if (purgedHere > 0) procedures += 1;
  }
  if (purged > 0) await options.store.compactAfterPurge();
  return { purged, procedures };
}
