import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { applyMigrations, MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { createSqliteStore, openSqliteDatabase, openSqliteStore } from '../../src/store/sqlite/index.js';
import { crashApplication } from './crash-application.js';
import { describeFormEventStoreContract } from './form-events.contract.js';
import { describeRetentionContract } from './retention.contract.js';
import { describeAuditContract } from './audit.contract.js';
import { describeStoreContract } from './contract/index.js';
import { expectOneChainFromTwoWriters } from './audit-two-writers.js';
import { at, newApplication } from './store-fixtures.js';

const directories: string[] = [];

function temporaryDatabase(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-store-'));
  directories.push(directory);
  return join(directory, 'nested', 'data', 'kakehashi.db');
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

async function openTestStore() {
  const store = openSqliteStore({ path: temporaryDatabase() });
  return { store, cleanup: () => store.close() };
}

describeStoreContract('sqlite', openTestStore);
describeRetentionContract('sqlite', openTestStore);
describeFormEventStoreContract('sqlite', openTestStore);

describeAuditContract('sqlite', async () => {
  const store = openSqliteStore({ path: temporaryDatabase() });
  return { store, cleanup: () => store.close() };
});

describe('SQLite store', () => {
  it('creates the parent directory and applies every migration to a fresh file', async () => {
    const path = temporaryDatabase();
    const store = openSqliteStore({ path });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['applications', 'certificates', 'claims', 'deliveries', 'idempotency', 'jobs', 'timeline']));
    db.close();
  });

  it('keeps data and schema as they are when reopened', async () => {
    const path = temporaryDatabase();
    const first = openSqliteStore({ path });
    await first.createApplication(newApplication('app-1'));
    await first.close();

    const second = openSqliteStore({ path });
    expect((await second.getApplication('app-1'))?.id).toBe('app-1');
    await second.createApplication(newApplication('app-2'));
    await second.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
  });

  it('upgrades a database written by an older schema, keeping its data', async () => {
    const path = temporaryDatabase();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    applyMigrations(old, path, MIGRATIONS.slice(0, 1));
    old
      .prepare(
        `INSERT INTO applications (id, procedure_id, client_id, status, form, identity, payment, issuance, access_token_hash, created_at, updated_at)
         VALUES ('app-1', 'juminhyo-copy', 'frontend-a', 'received', '{"name":"𠮷"}', NULL, NULL, NULL, 'h', ?, ?)`,
      )
      .run(at(0), at(0));
    old.close();

    const store = openSqliteStore({ path });
    expect(await store.getApplication('app-1')).toMatchObject({ id: 'app-1', form: { name: '𠮷' } });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.prepare("SELECT name FROM pragma_index_info('jobs_claimable')").pluck().all()).toEqual(['state', 'run_at', 'id']);
    db.close();
  });

  it('finds the applications that were already terminal before the retention migration', async () => {
    const path = temporaryDatabase();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    const beforeRetention = MIGRATIONS.findIndex((migration) => migration.description.startsWith('retention:'));
    applyMigrations(old, path, MIGRATIONS.slice(0, beforeRetention));
    const insert = old.prepare(
      `INSERT INTO applications (id, procedure_id, client_id, status, form, identity, payment, issuance, access_token_hash, created_at, updated_at)
       VALUES (?, 'juminhyo-copy', 'frontend-a', ?, '{}', NULL, NULL, NULL, 'h', ?, ?)`,
    );
    const entry = old.prepare("INSERT INTO timeline (application_id, status, at, source, detail) VALUES (?, ?, ?, 'runner', '')");
    insert.run('app-done', 'completed', at(0), at(20));
    entry.run('app-done', 'received', at(0));
    entry.run('app-done', 'completed', at(20));
    insert.run('app-open', 'in-progress', at(0), at(5));
    entry.run('app-open', 'in-progress', at(5));
    old.close();

    const store = openSqliteStore({ path });
    expect(await store.listRetentionEnded('juminhyo-copy', at(19), 10)).toEqual([]);
    expect(await store.listRetentionEnded('juminhyo-copy', at(20), 10)).toEqual(['app-done']);
    await store.close();
  });

  it('refuses a database written by a newer schema, naming both versions', () => {
    const path = temporaryDatabase();
    openSqliteStore({ path }).close();
    const future = (MIGRATIONS.at(-1)?.version ?? 0) + 5;
    const db = new Database(path);
    db.pragma(`user_version = ${future}`);
    db.close();

    let error: unknown;
    try {
      openSqliteStore({ path });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`version ${future}`);
    expect((error as Error).message).toContain(`(${MIGRATIONS.at(-1)?.version})`);
  });

  it('purges expired callback receipts when the next one is recorded', async () => {
    const path = temporaryDatabase();
    const store = openSqliteStore({ path });
    await store.recordCallbackReceipt('welfare', 'old-1', at(0), at(600));
    await store.recordCallbackReceipt('convenience-store', 'old-2', at(100), at(700));
    await store.recordCallbackReceipt('welfare', 'live', at(500), at(1_100));
    await store.recordCallbackReceipt('tax', 'new', at(700), at(1_300));
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT receipt_id FROM callback_receipts ORDER BY receipt_id').pluck().all()).toEqual(['live', 'new']);
    db.close();
  });

  it('uses synchronous=FULL and foreign keys on its connection', async () => {
    const path = temporaryDatabase();
    const db = openSqliteDatabase({ path });
    const store = createSqliteStore(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    await store.close();
  });

  it('rejects writes after close, and answers ping with false', async () => {
    const store = openSqliteStore({ path: temporaryDatabase() });
    const pending = store.createApplication(newApplication('app-1'));
    await store.close();
    await expect(pending).resolves.toBeUndefined();
    await expect(store.createApplication(newApplication('app-2'))).rejects.toThrow('closed');
    expect(await store.ping()).toBe(false);
  });

  it('keeps every application whose write resolved when the process is killed', async () => {
    const path = temporaryDatabase();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-writer.ts'), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const acknowledged: string[] = [];
    const lines = createInterface({ input: child.stdout });
    const target = 300 + Math.floor(Math.random() * 300);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line === 'ready') return;
        acknowledged.push(line);
        if (acknowledged.length === target) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`crash writer exited early: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const store = openSqliteStore({ path });
    for (const id of acknowledged) {
      const expected = crashApplication(id);
      expect(await store.getApplication(id)).toEqual(expected.application);
      expect(await store.getTimeline(id)).toEqual(expected.timeline);
      expect((await store.getJob(expected.job.id))?.applicationId).toBe(id);
    }
    await store.close();
  });
});

describe('SQLite store: form-event sessions', () => {
  it('forgets sessions that started before the purge time, so a late event of one starts a new session, and keeps the counts', async () => {
    const store = openSqliteStore({ path: temporaryDatabase() });
    const event = (session: string, seconds: number, kind: 'view' | 'focus' = 'view') => ({
      procedureId: 'juminhyo-copy',
      session,
      pointer: kind === 'view' ? '' : '/applicant/name',
      event: kind,
      at: at(seconds),
      day: '2026-04-01',
      code: '',
    });
    await store.recordFormEvents([event('old', 0), event('old', 1, 'focus'), event('new', 100)]);
    expect(await store.purgeFormEventSessions(at(50))).toBe(1);
    await store.recordFormEvents([event('old', 200, 'focus'), event('new', 200, 'focus')]);
    const counts = await store.listFormEventCounts('juminhyo-copy', '2026-04-01', '2026-04-01');
    expect(counts.find((c) => c.metric === 'started')?.count).toBe(3);
    expect(counts.find((c) => c.metric === 'reached')?.count).toBe(3);
    await store.close();
  });
});

describe('SQLite audit trail across connections', () => {
  it('never gives appends from two connections on one file the same seq or prevHash', async () => {
    const path = temporaryDatabase();
    const first = openSqliteStore({ path });
    const second = openSqliteStore({ path });
    try {
      await expectOneChainFromTwoWriters(first, second);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
