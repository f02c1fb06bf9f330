import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { scheduleIdempotencyPurge } from '../../src/intake/idempotency-purge.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const directory = mkdtempSync(join(tmpdir(), 'kakehashi-purge-'));
afterEach(() => vi.useRealTimers());

describe('idempotency purge', () => {
  it('deletes expired keys on its interval, so a key can be used again, and stops when told', async () => {
    const store = openSqliteStore({ path: join(directory, 'purge.db') });
    try {
      let now = new Date('2026-12-01T00:00:00Z');
      await store.beginIdempotent('frontend', 'old', 'h1', now.toISOString(), '2026-12-01T00:01:00Z');
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const stop = scheduleIdempotencyPurge({ store, clock: () => now, intervalMs: 1000, logger: createLogger({ level: 'silent' }) });
      now = new Date('2026-12-01T00:02:00Z');
      await vi.advanceTimersByTimeAsync(1000);
      expect(await store.purgeExpiredIdempotency(now.toISOString())).toBe(0);
      stop();
    } finally {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
