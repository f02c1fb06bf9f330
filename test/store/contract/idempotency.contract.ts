import { describe, expect, it } from 'vitest';
import { type StoredResponse } from '../../../src/store/types.js';
import { at } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

const RESPONSE: StoredResponse = {
  status: 202,
  headers: { 'content-type': 'application/json', location: '/v1/applications/app-1' },
  body: '{"id":"app-1","status":"received"}',
};

/** Idempotency records: begin, complete, abandon, expiry. */
export function describeIdempotencyContract(open: OpenStore): void {
  describe('idempotency', () => {
    const store = freshStorePerTest(open);

    it('starts a new key, then reports it in flight for the same request', async () => {
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h1', at(1), at(60))).toEqual({ outcome: 'in-flight' });
    });

    it('reports a mismatch for another request body, in flight or completed', async () => {
      await store().beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h2', at(1), at(60))).toEqual({ outcome: 'mismatch' });
      await store().completeIdempotent('frontend-a', 'k1', RESPONSE);
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h2', at(2), at(60))).toEqual({ outcome: 'mismatch' });
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h1', at(3), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
    });

    it('replays the stored response as a copy', async () => {
      await store().beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
      await store().completeIdempotent('frontend-a', 'k1', RESPONSE);
      const first = await store().beginIdempotent('frontend-a', 'k1', 'h1', at(1), at(60));
      if (first.outcome !== 'completed') throw new Error('expected completed');
      first.response.headers.location = 'changed';
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h1', at(2), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
    });

    it('lets exactly one of two concurrent begins start', async () => {
      const outcomes = await Promise.all([
        store().beginIdempotent('frontend-a', 'race', 'h1', at(0), at(60)),
        store().beginIdempotent('frontend-a', 'race', 'h1', at(0), at(60)),
      ]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['in-flight', 'started']);
    });

    it('lets exactly one of 50 concurrent begins start, mixed bodies reporting mismatch', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store().beginIdempotent('frontend-a', 'race', i % 2 === 0 ? 'even' : 'odd', at(0), at(60))),
      );
      const started = outcomes.filter((o) => o.outcome === 'started');
      expect(started).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'in-flight')).toHaveLength(24);
      expect(outcomes.filter((o) => o.outcome === 'mismatch')).toHaveLength(25);
    });

    it('scopes keys to the client', async () => {
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
      expect(await store().beginIdempotent('frontend-b', 'k1', 'h2', at(0), at(60))).toEqual({ outcome: 'started' });
      await store().completeIdempotent('frontend-a', 'k1', RESPONSE);
      expect(await store().beginIdempotent('frontend-b', 'k1', 'h2', at(1), at(60))).toEqual({ outcome: 'in-flight' });
      await store().abandonIdempotent('frontend-b', 'k1');
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h1', at(2), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
    });

    it('keeps client and key apart even when they contain separators', async () => {
      expect(await store().beginIdempotent('a:b', 'c', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
      expect(await store().beginIdempotent('a', 'b:c', 'h2', at(0), at(60))).toEqual({ outcome: 'started' });
    });

    it('treats an expired record as absent', async () => {
      await store().beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
      await store().completeIdempotent('frontend-a', 'k1', RESPONSE);
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h1', at(59), at(120))).toEqual({ outcome: 'completed', response: RESPONSE });
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h2', at(60), at(120))).toEqual({ outcome: 'started' });
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h2', at(61), at(120))).toEqual({ outcome: 'in-flight' });
    });

    it('forgets an abandoned in-flight key but never a completed one', async () => {
      await store().beginIdempotent('frontend-a', 'k1', 'h1', at(0), at(60));
      await store().abandonIdempotent('frontend-a', 'k1');
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h2', at(1), at(60))).toEqual({ outcome: 'started' });
      await store().completeIdempotent('frontend-a', 'k1', RESPONSE);
      await store().abandonIdempotent('frontend-a', 'k1');
      expect(await store().beginIdempotent('frontend-a', 'k1', 'h2', at(2), at(60))).toEqual({ outcome: 'completed', response: RESPONSE });
      await store().abandonIdempotent('frontend-a', 'unknown');
    });

    it('stores nothing when completing a key that was never begun', async () => {
      await store().completeIdempotent('frontend-a', 'never', RESPONSE);
      expect(await store().beginIdempotent('frontend-a', 'never', 'h1', at(0), at(60))).toEqual({ outcome: 'started' });
    });

    it('purges only the records that expired, and counts them', async () => {
      await store().beginIdempotent('frontend-a', 'old-1', 'h', at(0), at(10));
      await store().beginIdempotent('frontend-a', 'old-2', 'h', at(0), at(20));
      await store().completeIdempotent('frontend-a', 'old-2', RESPONSE);
      await store().beginIdempotent('frontend-a', 'live', 'h', at(0), at(100));
      await store().completeIdempotent('frontend-a', 'live', RESPONSE);

      expect(await store().purgeExpiredIdempotency(at(20))).toBe(2);
      expect(await store().purgeExpiredIdempotency(at(20))).toBe(0);
      expect(await store().beginIdempotent('frontend-a', 'live', 'h', at(21), at(100))).toEqual({ outcome: 'completed', response: RESPONSE });
      expect(await store().beginIdempotent('frontend-a', 'old-2', 'other', at(21), at(100))).toEqual({ outcome: 'started' });
    });
  });
}
