import type { Logger } from '../logger.js';
import type { AuditCheckpoint, Store } from '../store/types.js';
import { checkpointStatement } from './checkpoint-statement.js';
import { jstDayBounds, jstDayOf, nextJstDay } from './jst-day.js';

/** Signs the checkpoint statement: the city's issuance signer (`CertificateSigner.sign`). */
export type CheckpointSigner = (content: Buffer, signingTime: Date) => Buffer;

/** A day is checkpointed this long after it ended, so entries stamped just before midnight are in. */
export const CHECKPOINT_GRACE_MS = 5 * 60_000;

export interface CheckpointOptions {
  store: Store;
  sign: CheckpointSigner;
  clock: () => Date;
}

/**
 * Writes a signed checkpoint for every JST day that has ended (plus the grace)
 * since the last checkpoint and has entries: the seq and hash of its last
 * entry. Days without entries get none. Safe to run from several processes:
 * a day keeps its first checkpoint. Returns what was written.
 */
export async function writeDueCheckpoints(options: CheckpointOptions): Promise<AuditCheckpoint[]> {
  const { store, sign, clock } = options;
  const now = clock();
  const lastClosedDay = jstDayOf(new Date(now.getTime() - CHECKPOINT_GRACE_MS - 24 * 3600_000));
  const last = (await store.listAuditCheckpoints()).at(-1);
  let day: string;
  if (last) day = nextJstDay(last.day);
  else {
    const [first] = await store.listAudit(0, 1);
    if (!first) return [];
    day = jstDayOf(first.at);
  }
  const written: AuditCheckpoint[] = [];
  for (; day <= lastClosedDay; day = nextJstDay(day)) {
    const bounds = jstDayBounds(day)!;
    const closing = (await store.listAuditBetween(bounds.from, bounds.to)).at(-1);
    if (!closing) continue;
    const signedAt = clock();
    const statement = { day, seq: closing.seq, hash: closing.hash };
    const checkpoint: AuditCheckpoint = { ...statement, signedAt: signedAt.toISOString(), signature: sign(checkpointStatement(statement), signedAt).toString('base64') };
    if (await store.saveAuditCheckpoint(checkpoint)) written.push(checkpoint);
  }
  return written;
}

/** Runs {@link writeDueCheckpoints} now and every `intervalMs`. Returns a stop function that waits for a run in progress. */
export function scheduleAuditCheckpoints(options: CheckpointOptions & { intervalMs: number; logger: Logger }): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      for (const checkpoint of await writeDueCheckpoints(options)) options.logger.info({ day: checkpoint.day, seq: checkpoint.seq }, 'audit checkpoint signed');
    } catch (error) {
      options.logger.warn({ err: error }, 'signing audit checkpoints failed; trying again later');
    }
  };
  const start = () => {
    running = running.then(run);
  };
  start();
  const timer = setInterval(start, options.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
