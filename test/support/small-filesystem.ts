import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore, openSqliteDatabase, openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';
import { seedFixtureUploads } from './fixture-uploads.js';

/** Mounting needs root; without it, tests fall back to failures raised at the store layer, never to skipping. */
export const CAN_MOUNT = process.getuid?.() === 0;

/** A SQLite store on a disk that a test can fill up and free again. */
export interface FillableDisk {
  store: Store;
  /** The database file, for checking afterwards what it holds. */
  databasePath: string;
  /** Takes every free byte (real tmpfs), or makes every write fail with SQLITE_FULL (simulated). */
  fill(): void;
  free(): void;
  dispose(): Promise<void>;
}

/**
 * As root: a real 4 MiB tmpfs holding the database, filled with a file.
 * Otherwise: a store on a normal directory whose writes fail as SQLite fails
 * on a full disk (`SqliteError` code `SQLITE_FULL`) while it is "full".
 */
export function fillableDisk(): FillableDisk {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-disk-'));
  const databasePath = join(directory, 'kakehashi.db');
  const filler = join(directory, 'filler');
  if (CAN_MOUNT) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', directory]);
    const store = openSqliteStore({ path: databasePath });
    return {
      store,
      databasePath,
      fill: () => {
        try {
          writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      },
      free: () => rmSync(filler, { force: true }),
      dispose: async () => {
        try {
          await store.close();
        } finally {
          execFileSync('umount', [directory]);
          rmSync(directory, { recursive: true, force: true });
        }
      },
    };
  }
  const inner = openSqliteStore({ path: databasePath });
  let full = false;
  const store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (full && WRITES_WHEN_FULL.test(String(property))) {
          return Promise.reject(Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' }));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    databasePath,
    fill: () => {
      full = true;
    },
    free: () => {
      full = false;
    },
    dispose: async () => {
      await inner.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Store methods that write (reads still work on a full disk). */
const WRITES_WHEN_FULL = /^(create|append|update|begin|complete|abandon|purge|enqueue|claim|extend|retry|wait|resume|dead|release|replay|discard|upsert|save|revoke|mark|probe)/;

/**
 * A SQLite store opened on a read-only mount of its database (as root), or
 * on a connection refused writes (`query_only`) otherwise. Another
 * connection keeps the WAL index open on the writable mount, as a second
 * process would: SQLite cannot open a WAL database where it could create none.
 */
export async function readOnlyDatabase(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'kakehashi-ro-'));
  const writable = join(directory, 'rw');
  const readOnly = join(directory, 'ro');
  execFileSync('mkdir', [writable, readOnly]);
  if (CAN_MOUNT) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', writable]);
  const keeper = openSqliteStore({ path: join(writable, 'kakehashi.db') });
  // written while it still can be: a test gateway finds the sample's uploads and writes nothing at its start
  await seedFixtureUploads(keeper);
  if (CAN_MOUNT) {
    execFileSync('mount', ['--bind', writable, readOnly]);
    execFileSync('mount', ['-o', 'remount,bind,ro', readOnly]);
  }
  const store = CAN_MOUNT ? openSqliteStore({ path: join(readOnly, 'kakehashi.db') }) : queryOnly(join(writable, 'kakehashi.db'));
  return {
    store,
    dispose: async () => {
      try {
        await store.close();
        await keeper.close();
      } finally {
        if (CAN_MOUNT) {
          execFileSync('umount', [readOnly]);
          execFileSync('umount', [writable]);
        }
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

/** Without root: SQLite's own read-only refusal, on a connection told to take no writes. */
function queryOnly(path: string): Store {
  const db = openSqliteDatabase({ path });
  // The store's own connection, told to refuse writes as SQLite does for a read-only file.
  db.pragma('query_only = ON');
  return createSqliteStore(db);
}
