import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { figureOf } from './load-figure.js';

/**
 * The load generator, run as its own process so it never shares a core's event
 * loop with the target: `load-generator.ts <url> <body file> <seconds> <connections>`.
 * Every request carries a fresh Idempotency-Key (autocannon's `[<id>]`
 * replacement). Prints one JSON line: requests/s, p50/p99 latency (ms) and
 * the count of non-2xx answers and errors.
 */
const [url, bodyFile, seconds, connections] = process.argv.slice(2);
if (!url || !bodyFile) throw new Error('usage: load-generator.ts <url> <body file> <seconds> <connections>');
const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections ?? 64),
  duration: Number(seconds ?? 5),
  idReplacement: true,
  headers: { authorization: 'Bearer dev-frontend-key', 'content-type': 'application/json', 'idempotency-key': 'bench-[<id>]' },
  body: readFileSync(bodyFile, 'utf8'),
});
process.stdout.write(`${JSON.stringify(figureOf(result, Number(seconds)))}\n`);
