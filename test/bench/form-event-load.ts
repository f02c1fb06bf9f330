import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { figureOf } from './load-figure.js';

/**
 * The load generator of the form-event bench, in its own process:
 * `form-event-load.ts <url> <seconds> <connections> <events per batch>`.
 * Every batch is new visits to the 住民票の写し form, five events per visit
 * (the form shown, two fields entered, a validation error, leaving), fresh
 * session ids and the current time, so each batch is real counting work and
 * none is a repeat the store counts once. Prints one JSON line, the figure
 * of load-figure.ts: batches (requests) per second, p50/p99 latency (ms),
 * non-2xx answers and errors.
 */
const [url, seconds, connections, perBatch] = process.argv.slice(2);
if (!url) throw new Error('usage: form-event-load.ts <url> <seconds> <connections> <events per batch>');
const EVENTS = Number(perBatch ?? 50);

function visit(session: string, at: string) {
  return [
    { session, procedureId: 'juminhyo-copy', pointer: '', event: 'view', at },
    { session, procedureId: 'juminhyo-copy', pointer: '/applicant/name', event: 'focus', at },
    { session, procedureId: 'juminhyo-copy', pointer: '/applicant/birthDate', event: 'focus', at },
    { session, procedureId: 'juminhyo-copy', pointer: '/applicant/birthDate', event: 'error', code: 'invalid-date', at },
    { session, procedureId: 'juminhyo-copy', pointer: '/applicant/birthDate', event: 'leave', at },
  ];
}

function batch(): string {
  const at = new Date().toISOString();
  const events = [];
  while (events.length < EVENTS) events.push(...visit(randomUUID(), at));
  return JSON.stringify({ events: events.slice(0, EVENTS) });
}

const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections ?? 64),
  duration: Number(seconds ?? 5),
  headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json' },
  requests: [{ setupRequest: (request) => ({ ...request, body: batch() }) }],
});
process.stdout.write(`${JSON.stringify(figureOf(result, Number(seconds)))}\n`);
