import type { AuditCheckpoint, AuditEntry, Store } from '../store/types.js';
import { jstDayBounds } from './jst-day.js';

/** One JST day of the trail: its entries by seq and its checkpoint (null until the day is checkpointed). */
export interface AuditDay {
  day: string;
  entries: AuditEntry[];
  checkpoint: AuditCheckpoint | null;
}

/** The day's entries and checkpoint; null for a string that is not a YYYY-MM-DD day. */
export async function readAuditDay(store: Pick<Store, 'listAuditBetween' | 'listAuditCheckpoints'>, day: string): Promise<AuditDay | null> {
  const bounds = jstDayBounds(day);
  if (!bounds) return null;
  const [entries, checkpoints] = await Promise.all([store.listAuditBetween(bounds.from, bounds.to), store.listAuditCheckpoints()]);
  return { day, entries, checkpoint: checkpoints.find((checkpoint) => checkpoint.day === day) ?? null };
}

/** The day as JSON Lines: one `{ kind: 'entry', entry }` line per entry, then `{ kind: 'checkpoint', checkpoint }`. */
export function auditDayAsJsonLines(day: AuditDay): string {
  const lines = day.entries.map((entry) => JSON.stringify({ kind: 'entry', entry }));
  lines.push(JSON.stringify({ kind: 'checkpoint', day: day.day, checkpoint: day.checkpoint }));
  return `${lines.join('\n')}\n`;
}
