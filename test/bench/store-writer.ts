/**
 * One writing process of the store bench: opens the store named on the command
 * line, writes applications from 64 loops for the given seconds, and prints
 * `{ "rate": <applications per second> }`.
 *
 * Run: npx tsx test/bench/store-writer.ts sqlite <file> <seconds>
 *      npx tsx test/bench/store-writer.ts postgres <url> <seconds>
 */
import { randomUUID } from 'node:crypto';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { newApplication } from '../store/store-fixtures.js';

const [kind, location, seconds] = process.argv.slice(2);
const CONCURRENCY = 64;

const store: Store = kind === 'postgres' ? await openPostgresStore({ url: location!, maxConnections: 16 }) : openSqliteStore({ path: location! });
const prefix = randomUUID();
let sequence = 0;
let written = 0;
const started = performance.now();
const deadline = started + Number(seconds) * 1000;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) {
      await store.createApplication(newApplication(`bench-${prefix}-${sequence++}`));
      written++;
    }
  }),
);
console.log(JSON.stringify({ rate: written / ((performance.now() - started) / 1000) }));
await store.close();
