/**
 * Operational statistics from a Redis store, by scanning: one SCAN over the
 * `app:*` hashes (and their timelines when received in the range) and one over
 * the `deliveries:*` hashes per question.
 *
 * Why a scan and not counters kept at write time: statistics are a staff
 * report asked for a few times a day, while the application and delivery
 * scripts are on the intake and delivery paths; counters would add writes to
 * every one of those scripts, would have to move a count between statuses on
 * every timeline append, and would miss everything written before they
 * existed. A scan costs one pass over the store per report (about a second
 * per hundred thousand applications) and reads the records as they are.
 * Counters per procedure and day are the next step if stores grow far beyond that.
 */
import type { Redis } from 'ioredis';
import { japanDateOf } from '../../issuance/japan-date.js';
import {
  COMPLETION_STATUSES,
  type ApplicationStatusCount,
  type CompletionTime,
  type DeliveryStateCount,
  type InstantRange,
} from '../parts/operational-statistics-store.js';
import type { ApplicationStatus, DeliveryRecord, TimelineEntry } from '../types.js';

/** Keys read per SCAN step. */
const SCAN_COUNT = 500;

function results(replies: [Error | null, unknown][] | null): unknown[] {
  return (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** Calls `visit` with each batch of ids of keys `<prefix><kind>:<id>`. */
async function scanIds(redis: Redis, prefix: string, kind: string, visit: (ids: string[]) => Promise<void>): Promise<void> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}${kind}:*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    cursor = next;
    if (keys.length > 0) await visit(keys.map((key) => key.slice(prefix.length + kind.length + 1)));
  } while (cursor !== '0');
}

interface ReceivedApplication {
  id: string;
  procedureId: string;
  status: ApplicationStatus;
  createdAt: string;
}

/** Applications received in the range (ISO strings compare in time order). */
async function forEachReceived(redis: Redis, prefix: string, range: InstantRange, visit: (batch: ReceivedApplication[]) => Promise<void>): Promise<void> {
  await scanIds(redis, prefix, 'app', async (ids) => {
    const reads = redis.pipeline();
    for (const id of ids) reads.hmget(`${prefix}app:${id}`, 'procedureId', 'status', 'createdAt');
    const replies = results(await reads.exec()) as (string | null)[][];
    const batch: ReceivedApplication[] = [];
    for (const [index, id] of ids.entries()) {
      const [procedureId, status, createdAt] = replies[index]!;
      if (!procedureId || !status || !createdAt || createdAt < range.from || createdAt >= range.before) continue;
      batch.push({ id, procedureId, status: status as ApplicationStatus, createdAt });
    }
    if (batch.length > 0) await visit(batch);
  });
}

function byKeys<T>(keys: (item: T) => (string | number)[]): (a: T, b: T) => number {
  return (a, b) => {
    const left = keys(a);
    const right = keys(b);
    for (const [index, value] of left.entries()) {
      if (value < right[index]!) return -1;
      if (value > right[index]!) return 1;
    }
    return 0;
  };
}

export async function countApplicationsByStatus(redis: Redis, prefix: string, range: InstantRange): Promise<ApplicationStatusCount[]> {
  const counts = new Map<string, ApplicationStatusCount>();
  await forEachReceived(redis, prefix, range, async (batch) => {
    for (const application of batch) {
      const day = japanDateOf(new Date(application.createdAt));
      const key = JSON.stringify([application.procedureId, day, application.status]);
      const count = counts.get(key) ?? { procedureId: application.procedureId, day, status: application.status, count: 0 };
      count.count += 1;
      counts.set(key, count);
    }
  });
  return [...counts.values()].sort(byKeys((count) => [count.procedureId, count.day, count.status]));
}

export async function listCompletionTimes(redis: Redis, prefix: string, range: InstantRange): Promise<CompletionTime[]> {
  const times: CompletionTime[] = [];
  await forEachReceived(redis, prefix, range, async (batch) => {
    const reads = redis.pipeline();
    for (const application of batch) reads.lrange(`${prefix}timeline:${application.id}`, 0, -1);
    const timelines = results(await reads.exec()) as string[][];
    for (const [index, application] of batch.entries()) {
      const completion = timelines[index]!.map((text) => JSON.parse(text) as TimelineEntry).find((entry) => COMPLETION_STATUSES.has(entry.status));
      if (completion) times.push({ procedureId: application.procedureId, seconds: (Date.parse(completion.at) - Date.parse(application.createdAt)) / 1000 });
    }
  });
  return times.sort(byKeys((time) => [time.procedureId, time.seconds]));
}

export async function countDeliveriesByState(redis: Redis, prefix: string, range: InstantRange): Promise<DeliveryStateCount[]> {
  const counts = new Map<string, DeliveryStateCount>();
  await scanIds(redis, prefix, 'deliveries', async (ids) => {
    const reads = redis.pipeline();
    for (const id of ids) reads.hvals(`${prefix}deliveries:${id}`);
    for (const values of results(await reads.exec()) as string[][]) {
      for (const text of values) {
        const delivery = JSON.parse(text) as DeliveryRecord;
        if (delivery.updatedAt < range.from || delivery.updatedAt >= range.before) continue;
        const day = japanDateOf(new Date(delivery.updatedAt));
        const key = JSON.stringify([delivery.system, day, delivery.state]);
        const count = counts.get(key) ?? { system: delivery.system, day, state: delivery.state, count: 0 };
        count.count += 1;
        counts.set(key, count);
      }
    }
  });
  return [...counts.values()].sort(byKeys((count) => [count.system, count.day, count.state]));
}
