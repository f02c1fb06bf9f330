import type { Catalog } from '../catalog/procedure.js';
import type { Store } from '../store/types.js';

/** Jobs that have not reached their wait yet. */
const NOT_YET_WAITING = new Set(['ready', 'leased']);

/**
 * Whether a reply with no waiting job came too early rather than too late: a
 * system may answer a `send` before the runner has parked the following
 * `await-reply` step. Correlation keys that are the runner's own message ids
 * (`<application id>:<step name>`) can be traced back; when that application
 * still has the send step or its await step pending (and not already resumed
 * by an earlier copy of this reply), the reply is early.
 */
export async function replyIsEarly(store: Store, catalog: Catalog, correlationKey: string): Promise<boolean> {
  const separator = correlationKey.lastIndexOf(':');
  if (separator <= 0 || correlationKey.length > 300) return false;
  const application = await store.getApplication(correlationKey.slice(0, separator));
  if (!application) return false;
  const route = catalog.get(application.procedureId)?.procedure.route ?? [];
  const sendIndex = route.findIndex((step) => step.name === correlationKey.slice(separator + 1));
  if (sendIndex < 0 || route[sendIndex + 1]?.action !== 'await-reply') return false;
  const jobs = await store.listJobs(application.id);
  return jobs.some(
    (job) =>
      NOT_YET_WAITING.has(job.state) &&
      (job.step === sendIndex || (job.step === sendIndex + 1 && job.payload.reply === undefined)),
  );
}
