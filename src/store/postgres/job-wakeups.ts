import type { Sql } from 'postgres';
import type { Query } from './postgres-context.js';

/**
 * The channel on which a write that makes a job claimable tells every
 * listening gateway process, so its runner claims at once instead of at its
 * next poll. A wake is only a hint: the poll still finds every job, so a
 * missed or spurious notification costs latency, never a job. Channels are
 * per database, so stores in other schemas of one database wake each other
 * needlessly, which is harmless.
 */
export const JOB_WAKE_CHANNEL = 'kakehashi_jobs';

/**
 * Inside the transaction that makes a job ready: notifies the listeners when
 * the job is due now. PostgreSQL sends the notification at COMMIT (and not
 * at all on rollback) and folds repeats within one transaction into one, so
 * a listener never claims before the job is visible. A job due later is left
 * to the poll, so retries with backoff do not wake every process for nothing.
 */
export async function notifyJobReady(sql: Query, runAt: string, now: string): Promise<void> {
  if (runAt <= now) await sql`SELECT pg_notify(${JOB_WAKE_CHANNEL}, '')`;
}

/**
 * Calls `onWake` whenever another transaction made a job due, and also each
 * time the listening connection is (re)established, since notifications sent
 * while it was away are lost. postgres.js keeps one dedicated connection for
 * it and reconnects by itself. Resolves once listening, with the function
 * that stops it; that function also silences `onWake` itself, because after a
 * reconnect postgres.js's own `unlisten` no longer finds the listener it
 * re-registered.
 */
export async function listenForJobs(sql: Sql, onWake: () => void): Promise<() => Promise<void>> {
  let listening = true;
  const wake = () => {
    if (listening) onWake();
  };
  const { unlisten } = await sql.listen(JOB_WAKE_CHANNEL, wake, wake);
  return async () => {
    listening = false;
    await unlisten();
  };
}
