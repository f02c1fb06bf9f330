import { describe, expect, it } from 'vitest';
import type { PrefillChallengeRecord } from '../../../src/store/parts/prefill-challenge-store.js';
import { at } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

function challenge(id: string, overrides: Partial<PrefillChallengeRecord> = {}): PrefillChallengeRecord {
  return { id, clientId: 'frontend-a', createdAt: at(0), expiresAt: at(300), ...overrides };
}

/** The prefill-challenge part of the Store contract, run inside each implementation's contract suite. */
export function describePrefillChallengeContract(open: OpenStore): void {
  describe('prefill challenges', () => {
    const store = freshStorePerTest(open);

    it('is taken once by its client; a second take is told it was used', async () => {
      await store().savePrefillChallenge(challenge('c1'));
      expect(await store().takePrefillChallenge('c1', 'frontend-a', at(10))).toBe('taken');
      expect(await store().takePrefillChallenge('c1', 'frontend-a', at(11))).toBe('used');
    });

    it('gives exactly one of two concurrent takes the challenge', async () => {
      await store().savePrefillChallenge(challenge('c2'));
      const takes = await Promise.all([store().takePrefillChallenge('c2', 'frontend-a', at(10)), store().takePrefillChallenge('c2', 'frontend-a', at(10))]);
      expect(takes.sort()).toEqual(['taken', 'used']);
    });

    it("refuses another client's take without using the challenge up", async () => {
      await store().savePrefillChallenge(challenge('c3'));
      expect(await store().takePrefillChallenge('c3', 'frontend-b', at(10))).toBe('other-client');
      expect(await store().takePrefillChallenge('c3', 'frontend-a', at(11))).toBe('taken');
    });

    it('tells an expired challenge from an unknown one', async () => {
      await store().savePrefillChallenge(challenge('c4'));
      expect(await store().takePrefillChallenge('c4', 'frontend-a', at(300))).toBe('expired');
      expect(await store().takePrefillChallenge('never-issued', 'frontend-a', at(10))).toBe('unknown');
    });
  });
}
