import type { AuditCheckpoint, AuditEntry, Store } from '../store/types.js';
import { auditHashOf, EMPTY_HEAD } from './audit-chain.js';
import type { CheckpointSignatureCheck } from './checkpoint-signature.js';
import { jstDayOf } from './jst-day.js';

/** One thing found wrong: the entry (by seq) or the day's checkpoint it is about, and what. */
export interface AuditFinding {
  seq?: number;
  day?: string;
  problem: string;
}

export interface AuditVerification {
  entries: number;
  checkpoints: number;
  /** Days that have entries but no checkpoint yet, after the last checkpoint (normal for today and yesterday). */
  pendingDays: string[];
  /** Everything wrong, the chain's first broken entry first. Empty when the trail holds. */
  findings: AuditFinding[];
}

const PAGE = 1000;

/**
 * Checks the whole trail offline from the store: every entry follows the
 * one before (seq without gaps, prevHash = the previous hash) and its hash
 * matches its content; every checkpoint's signature holds and names an entry
 * that exists, is of that day and has that hash; and no day with entries up to
 * the last checkpoint lacks one. A removed entry is found by the gap it
 * leaves; entries removed from the end, up to the last checkpoint.
 */
export async function verifyAuditTrail(store: Pick<Store, 'listAudit' | 'listAuditCheckpoints'>, checkSignature: CheckpointSignatureCheck): Promise<AuditVerification> {
  const checkpoints = await store.listAuditCheckpoints();
  const bySeq = new Map<number, AuditCheckpoint[]>();
  for (const checkpoint of checkpoints) bySeq.set(checkpoint.seq, [...(bySeq.get(checkpoint.seq) ?? []), checkpoint]);
  const chainFindings: AuditFinding[] = [];
  const checkpointed = new Map<AuditCheckpoint, AuditEntry>();
  const days = new Set<string>();
  let previous = EMPTY_HEAD;
  let count = 0;
  for (let page = await store.listAudit(0, PAGE); page.length > 0; page = await store.listAudit(previous.seq, PAGE)) {
    for (const entry of page) {
      count++;
      if (entry.seq !== previous.seq + 1) {
        const missing = entry.seq - previous.seq - 1;
        chainFindings.push({ seq: previous.seq + 1, problem: missing === 1 ? `entry ${previous.seq + 1} is missing` : `entries ${previous.seq + 1}–${entry.seq - 1} are missing` });
      }
      const intact = auditHashOf(entry) === entry.hash;
      if (!intact) chainFindings.push({ seq: entry.seq, problem: `entry ${entry.seq} was changed: its content does not match its hash` });
      else if (entry.seq === previous.seq + 1 && entry.prevHash !== previous.hash) {
        // This entry is whole, so it is the one before that was rewritten, hash and all.
        chainFindings.push({ seq: previous.seq, problem: `entry ${previous.seq} was changed: entry ${entry.seq} recorded a different hash for it` });
      }
      days.add(jstDayOf(entry.at));
      for (const checkpoint of bySeq.get(entry.seq) ?? []) checkpointed.set(checkpoint, entry);
      previous = { seq: entry.seq, hash: entry.hash };
    }
  }

  const checkpointFindings: AuditFinding[] = [];
  for (const checkpoint of checkpoints) {
    const signature = checkSignature(checkpoint);
    if (signature) checkpointFindings.push({ day: checkpoint.day, seq: checkpoint.seq, problem: `the checkpoint of ${checkpoint.day} has a bad signature: ${signature}` });
    const entry = checkpointed.get(checkpoint);
    if (!entry) checkpointFindings.push({ day: checkpoint.day, seq: checkpoint.seq, problem: `entry ${checkpoint.seq}, which ends ${checkpoint.day} by its checkpoint, is missing` });
    else if (entry.hash !== checkpoint.hash) checkpointFindings.push({ day: checkpoint.day, seq: checkpoint.seq, problem: `entry ${checkpoint.seq} differs from the one the checkpoint of ${checkpoint.day} signed` });
    else if (jstDayOf(entry.at) !== checkpoint.day) checkpointFindings.push({ day: checkpoint.day, seq: checkpoint.seq, problem: `entry ${checkpoint.seq} is not of ${checkpoint.day}, the day its checkpoint names` });
  }
  const lastDay = checkpoints.at(-1)?.day;
  const withCheckpoint = new Set(checkpoints.map((checkpoint) => checkpoint.day));
  const pendingDays: string[] = [];
  for (const day of [...days].sort()) {
    if (withCheckpoint.has(day)) continue;
    if (lastDay !== undefined && day < lastDay) checkpointFindings.push({ day, problem: `${day} has entries but no checkpoint` });
    else pendingDays.push(day);
  }
  return { entries: count, checkpoints: checkpoints.length, pendingDays, findings: [...chainFindings.sort((a, b) => a.seq! - b.seq!), ...checkpointFindings] };
}
