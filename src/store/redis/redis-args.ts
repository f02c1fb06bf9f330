import { TERMINAL_STATUSES } from '../../retention/retention-end.js';
import type { TimelineEntry } from '../parts/application-store.js';
import type { NewJob } from '../parts/job-store.js';
import { applicationNotFound, duplicateRecord } from '../store-errors.js';

/** How the Redis parts pass values to their scripts and read their answers back. */

export function millis(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return value;
}

/** The retention index score an application gets from its latest timeline entry: its ms when it set a terminal status, else ''. */
export function terminalMillis(latest: TimelineEntry | undefined): number | '' {
  return latest !== undefined && TERMINAL_STATUSES.has(latest.status) ? millis(latest.at) : '';
}

export function timelineJson(entry: TimelineEntry): string {
  return JSON.stringify({ status: entry.status, at: entry.at, source: entry.source, detail: entry.detail });
}

export function newJobArgs(job: NewJob): Array<string | number> {
  return [job.id, job.applicationId, job.step, job.name, JSON.stringify(job.payload), job.runAt, millis(job.runAt)];
}

/** Turns a job script's refusal into the store's error. */
export function throwJobProblem(result: unknown, job: NewJob): void {
  if (result === 'application-not-found') throw applicationNotFound(job.applicationId);
  if (result === 'duplicate-job') throw duplicateRecord('job', job.id);
}
