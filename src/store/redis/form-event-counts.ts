/** Reading the form-event counts of the Redis store: one hash per procedure and day. */
import type { Redis } from 'ioredis';
import type { FormEventCount, FormEventMetric } from '../form-event-store.js';
import { compareBytes } from './hash-records.js';

const DAY_MS = 24 * 3600 * 1000;

/** The days `fromDay..toDay` (YYYY-MM-DD, inclusive). */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${fromDay}T00:00:00Z`); at <= Date.parse(`${toDay}T00:00:00Z`); at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/** The non-zero counts in the hashes of `days`, in (day, metric, pointer, code) byte order. */
export async function readFormEventCounts(redis: Redis, keyOf: (day: string) => string, days: readonly string[]): Promise<FormEventCount[]> {
  if (days.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const day of days) pipeline.hgetall(keyOf(day));
  const replies = (await pipeline.exec()) ?? [];
  const counts: FormEventCount[] = [];
  replies.forEach(([error, hash], index) => {
    if (error) throw error;
    for (const [field, value] of Object.entries(hash as Record<string, string>)) {
      const count = Number(value);
      if (count === 0) continue;
      const [metric, pointer, code] = field.split('|') as [FormEventMetric, string, string];
      counts.push({ day: days[index]!, metric, pointer, code, count });
    }
  });
  return counts.sort(
    (a, b) => compareBytes(a.day, b.day) || compareBytes(a.metric, b.metric) || compareBytes(a.pointer, b.pointer) || compareBytes(a.code, b.code),
  );
}
