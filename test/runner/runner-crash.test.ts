import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CRASH_PROCEDURE } from './crash-procedure.js';
import { seedApplication, temporaryStore } from '../support/runner-harness.js';

const APPLICATIONS = 20;
const STEPS = CRASH_PROCEDURE.route.length;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startRunner(path: string, url: string, owner: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-runner.ts'), path, url, owner], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('loses nothing when the runner process is killed mid-route: every message arrives, every effect happens once', async () => {
  const { store, path, dispose } = temporaryStore();
  const ids = Array.from({ length: APPLICATIONS }, (_, i) => `crash-app-${String(i).padStart(2, '0')}`);
  for (const id of ids) await seedApplication(store, id, CRASH_PROCEDURE, new Date());

  const received: string[] = [];
  /** Effects the system applied: once per message id, as it drops duplicates by that id. */
  const applied: string[] = [];
  const held: ServerResponse[] = [];
  let holding = false;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { messageId } = JSON.parse(body) as { messageId: string };
      received.push(messageId);
      if (!applied.includes(messageId)) applied.push(messageId);
      if (holding) {
        held.push(response);
        return;
      }
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId })), 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    const first = startRunner(path, url, 'runner-first');
    // Let a good part of the work happen, then make the system hold its answers so
    // the crash finds messages delivered but not yet recorded as delivered.
    await eventually(() => received.length >= (APPLICATIONS * STEPS) / 3, 30_000);
    holding = true;
    await eventually(() => held.length >= 2, 10_000);
    first.kill('SIGKILL');
    await exited(first);
    for (const response of held.splice(0)) response.destroy();
    holding = false;
    const beforeRestart = received.length;
    expect(beforeRestart).toBeLessThan(APPLICATIONS * STEPS);

    const second = startRunner(path, url, 'runner-second');
    await eventually(async () => {
      for (const id of ids) if ((await store.getApplication(id))?.status !== 'completed') return false;
      return true;
    }, 60_000);
    second.kill('SIGTERM');
    await exited(second);

    const expected = ids.flatMap((id) => CRASH_PROCEDURE.route.map((step) => `${id}:${step.name}`));
    // At least once: every message reached the system, some twice (the held ones were sent again)…
    expect(new Set(received)).toEqual(new Set(expected));
    expect(received.length).toBeGreaterThan(expected.length);
    // …and exactly once in effect: the re-sent copies carried the same ids, so the system dropped them.
    expect(applied.sort()).toEqual(expected.sort());
    for (const id of ids) {
      const jobs = await store.listJobs(id);
      expect(jobs.map((job) => job.state)).toEqual(['done', 'done', 'done']);
      const timeline = await store.getTimeline(id);
      expect(timeline.at(-1)!.status).toBe('completed');
    }
    expect(await store.listDeadLetters(10)).toEqual([]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await dispose();
  }
}, 120_000);
