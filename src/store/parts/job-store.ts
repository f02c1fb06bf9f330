export type JobState = 'ready' | 'leased' | 'waiting' | 'done' | 'dead';

/** How many jobs are in each state but `done`, which only grows and is not counted; `dead` are the dead letters. */
export type JobCounts = Record<Exclude<JobState, 'done'>, number>;

/** A unit of route work for the runner. */
export interface JobRecord {
  id: string;
  applicationId: string;
  /** The route step index this job runs. */
  step: number;
  /** Step name as declared in the procedure's route. */
  name: string;
  state: JobState;
  /** Data the step needs (results of earlier steps are kept here). */
  payload: Record<string, unknown>;
  /** Attempts made so far (persisted retries). */
  attempts: number;
  /** Earliest time the job may run (retry backoff, or a reply deadline while waiting). */
  runAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  /** Why the last attempt failed, or why it is dead. Never personal data. */
  lastError: string | null;
  /** For waiting jobs: the correlation key a reply carries (e.g. message id). */
  correlationKey: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What to insert for a new job. */
export type NewJob = Pick<JobRecord, 'id' | 'applicationId' | 'step' | 'name' | 'payload' | 'runAt'>;

/**
 * The store part for the runner's jobs and their leases.
 *
 * Semantics (every implementation; the contract suite checks them):
 * - `claimJobs` leases, in `(runAt, id)` order up to `limit`: ready jobs with
 *   `runAt <= now`, leased jobs with `leaseUntil < now` (their owner died)
 *   and waiting jobs whose deadline `runAt <= now`. Claiming sets state
 *   `leased`, the owner and `leaseUntil`; it does not count an attempt.
 * - `extendLease`, `completeJob`, `retryJob`, `waitJob` and `deadLetter`
 *   succeed only while the job is leased by `owner` (an expired lease nobody
 *   has claimed yet still counts as held); otherwise they return false and
 *   change nothing. Each clears the lease except `extendLease`.
 *   `retryJob` counts an attempt, keeps the error and sets `runAt`; `waitJob`
 *   replaces the payload, sets the correlation key and `runAt = deadline`;
 *   `deadLetter` sets state `dead` and `lastError = reason`. `completeJob`
 *   enqueues `next` in the same transaction.
 * - `correlationKey` stays on a job as the last key it waited for; only
 *   jobs in state `waiting` are found by `resumeWaiting`, which makes the
 *   (oldest) one ready now with `payload.reply = reply` if it waits on the
 *   replying system (`waitsOn`); otherwise, and for a second reply, it
 *   returns null.
 * - `releaseLeases` returns the owner's leased jobs to ready, `runAt` unchanged.
 * - `enqueueJob` and the `next` job of `completeJob` need an existing
 *   application (`application-not-found`).
 */
export interface JobStore {
  enqueueJob(job: NewJob, now: string): Promise<void>;
  /** Leases up to `limit` ready jobs whose `runAt` <= now, and leased jobs whose lease expired. */
  claimJobs(owner: string, now: string, leaseUntil: string, limit: number): Promise<JobRecord[]>;
  /** Extends a lease still held by `owner`; false if it was lost. */
  extendLease(jobId: string, owner: string, leaseUntil: string): Promise<boolean>;
  /** Marks the job done and optionally enqueues the next one, atomically. False if the lease was lost. */
  completeJob(jobId: string, owner: string, now: string, next?: NewJob): Promise<boolean>;
  /** Puts the job back to `ready` at `runAt`, counting an attempt. */
  retryJob(jobId: string, owner: string, now: string, runAt: string, error: string): Promise<boolean>;
  /** Parks the job waiting for a reply with `correlationKey` until `deadline` (then it is claimable again). */
  waitJob(jobId: string, owner: string, now: string, correlationKey: string, deadline: string, payload: Record<string, unknown>): Promise<boolean>;
  /**
   * Finds the waiting job for a correlation key and, if it waits on `system`,
   * makes it ready now with `reply` merged into its payload; null otherwise.
   */
  resumeWaiting(correlationKey: string, system: string, reply: Record<string, unknown>, now: string): Promise<JobRecord | null>;
  /** Moves the job to the dead letters with its reason. */
  deadLetter(jobId: string, owner: string, now: string, reason: string): Promise<boolean>;
  /** Returns every lease held by `owner` to the queue (graceful shutdown). */
  releaseLeases(owner: string, now: string): Promise<number>;
  getJob(jobId: string): Promise<JobRecord | null>;
  listJobs(applicationId: string): Promise<JobRecord[]>;
  /** Jobs by state, `done` aside; costs as much as the jobs not done, never the whole history. */
  countJobs(): Promise<JobCounts>;
}
