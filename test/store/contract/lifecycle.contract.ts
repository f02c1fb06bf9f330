import { describe, expect, it } from 'vitest';
import { freshStorePerTest, type OpenStore } from './open-store.js';

/** The store's readiness. */
export function describeLifecycleContract(open: OpenStore): void {
  describe('lifecycle', () => {
    const store = freshStorePerTest(open);

    it('answers ping while open', async () => {
      expect(await store().ping()).toBe(true);
    });
  });
}
