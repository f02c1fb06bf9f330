import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src/store/sqlite/group-commit.js';

describe('GroupCommit', () => {
  let directory: string;
  let db: Database.Database;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'kakehashi-group-commit-'));
    db = new Database(join(directory, 'test.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(`
      CREATE TABLE parents (id TEXT PRIMARY KEY);
      CREATE TABLE children (id TEXT PRIMARY KEY, parent TEXT REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);
    `);
  });

  afterEach(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

  it('commits writes submitted together in one transaction', async () => {
    const prepare = vi.spyOn(db, 'prepare');
    const writes = new GroupCommit(db);
    const commit = prepare.mock.results[prepare.mock.calls.findIndex(([sql]) => sql === 'COMMIT')]!.value as Database.Statement;
    const commits = vi.spyOn(commit, 'run');
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => writes.submit((d) => d.prepare('INSERT INTO parents VALUES (?)').run(`p${i}`).changes)));
    expect(results).toEqual(Array(25).fill(1));
    expect(commits).toHaveBeenCalledTimes(1);
    expect(count('parents')).toBe(25);
  });

  it('rolls back only the write that failed', async () => {
    const writes = new GroupCommit(db);
    const results = await Promise.allSettled([
      writes.submit((d) => d.prepare('INSERT INTO parents VALUES (?)').run('a')),
      writes.submit((d) => {
        d.prepare('INSERT INTO parents VALUES (?)').run('half-written');
        throw new Error('refused');
      }),
      writes.submit((d) => d.prepare('INSERT INTO parents VALUES (?)').run('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT id FROM parents ORDER BY id').pluck().all()).toEqual(['a', 'b']);
  });

  it('rejects every caller of a batch whose commit fails, and keeps working afterwards', async () => {
    const writes = new GroupCommit(db);
    const results = await Promise.allSettled([
      writes.submit((d) => d.prepare('INSERT INTO parents VALUES (?)').run('a')),
      // A deferred foreign key is checked only at COMMIT, so this makes the whole commit fail.
      writes.submit((d) => d.prepare('INSERT INTO children VALUES (?, ?)').run('c', 'missing-parent')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(count('parents')).toBe(0);
    expect(db.inTransaction).toBe(false);

    await writes.submit((d) => d.prepare('INSERT INTO parents VALUES (?)').run('later'));
    expect(count('parents')).toBe(1);
  });

  it('settles a caller only after the commit', async () => {
    const writes = new GroupCommit(db);
    const seen: boolean[] = [];
    await writes.submit((d) => d.prepare('INSERT INTO parents VALUES (?)').run('a')).then(() => seen.push(db.inTransaction));
    expect(seen).toEqual([false]);
    const other = new Database(join(directory, 'test.db'), { readonly: true });
    expect(other.prepare('SELECT count(*) FROM parents').pluck().get()).toBe(1);
    other.close();
  });

  it('drains pending writes', async () => {
    const writes = new GroupCommit(db);
    const pending = writes.submit((d) => d.prepare('INSERT INTO parents VALUES (?)').run('a'));
    await writes.drain();
    expect(count('parents')).toBe(1);
    await pending;
  });
});
