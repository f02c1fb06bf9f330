import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleFormEventSessionPurge } from '../../src/form-events/session-purge.js';
import { createLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

afterEach(() => vi.useRealTimers());

describe('form-event session purge', () => {
  it('forgets sessions older than two days on its interval, keeping their counts, and stops when told', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kakehashi-session-purge-'));
    const store = openSqliteStore({ path: join(directory, 'purge.db') });
    try {
      const view = (session: string, at: string) => ({ procedureId: 'juminhyo-copy', session, pointer: '', event: 'view' as const, at, day: at.slice(0, 10), code: '' });
      await store.recordFormEvents([view('old-session', '2026-12-01T00:00:00.000Z'), view('recent-session', '2026-12-02T12:00:00.000Z')]);
      let now = new Date('2026-12-02T23:00:00Z');
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const stop = scheduleFormEventSessionPurge({ store, clock: () => now, intervalMs: 1000, logger: createLogger({ level: 'silent' }) });
      await vi.advanceTimersByTimeAsync(1000);
      // not yet two days old: nothing to forget
      expect(await store.purgeFormEventSessions('2026-11-30T23:00:00.000Z')).toBe(0);
      now = new Date('2026-12-03T01:00:00Z');
      await vi.advanceTimersByTimeAsync(1000);
      // the old session was forgotten by the schedule; the recent one is still there
      expect(await store.purgeFormEventSessions('2026-12-01T01:00:00.000Z')).toBe(0);
      expect(await store.purgeFormEventSessions('2026-12-03T00:00:00.000Z')).toBe(1);
      stop();
      expect((await store.listFormEventCounts('juminhyo-copy', '2026-12-01', '2026-12-02')).map((count) => count.count)).toEqual([1, 1]);
    } finally {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
