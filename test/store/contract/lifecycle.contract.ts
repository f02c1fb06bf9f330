import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Store } from '../../../src/store/types.js';
import type { OpenStore } from './open-store.js';

/** The store's readiness. */
export function describeLifecycleContract(open: OpenStore): void {
  describe('lifecycle', () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });

    afterEach(async () => {
      await cleanup();
    });

    it('answers ping while open', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}
