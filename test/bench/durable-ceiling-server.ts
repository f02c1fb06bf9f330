import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The durable ceiling: the least a durable intake must do per request, with
 * nothing else. node:http, parse the JSON body, SHA-256 of the body, one
 * better-sqlite3 insert (WAL, synchronous=FULL); the inserts of one event-loop
 * turn share one transaction, and each 202 is sent only once it is committed.
 */
const directory = mkdtempSync(join(tmpdir(), 'kakehashi-ceiling-'));
const db = new Database(join(directory, 'ceiling.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE submissions (id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, body_sha256 TEXT NOT NULL, body TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO submissions (id, idempotency_key, body_sha256, body) VALUES (?, ?, ?, ?)');

interface Pending {
  row: [string, string, string, string];
  answer: (status: number, body: string) => void;
}
let pending: Pending[] = [];
const commitTurn = db.transaction((rows: Pending[]) => {
  for (const p of rows) insert.run(...p.row);
});

function flush(): void {
  const batch = pending;
  pending = [];
  try {
    commitTurn(batch);
    for (const p of batch) p.answer(202, JSON.stringify({ id: p.row[0], status: 'received' }));
  } catch {
    for (const p of batch) p.answer(409, '{"status":"conflict"}');
  }
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const answer = (status: number, body: string) => response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    const raw = Buffer.concat(chunks);
    const key = request.headers['idempotency-key'];
    let procedureId: unknown;
    try {
      procedureId = (JSON.parse(raw.toString('utf8')) as { procedureId?: unknown }).procedureId;
    } catch {
      procedureId = undefined;
    }
    if (typeof key !== 'string' || typeof procedureId !== 'string') return answer(400, '{"status":"invalid"}');
    if (pending.length === 0) setImmediate(flush);
    pending.push({ row: [randomUUID(), key, createHash('sha256').update(raw).digest('hex'), raw.toString('utf8')], answer });
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
const stop = () => {
  db.close();
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
