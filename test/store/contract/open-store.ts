import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../../src/store/types.js';

/** How a contract suite gets a fresh, empty store of the implementation under test, and gets rid of it again. */
export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** A fresh store for each test of the enclosing describe, cleaned up after it; the accessor answers the current test's store. */
export function freshStorePerTest(open: OpenStore): () => Store {
  let store: Store | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    ({ store, cleanup } = await open());
  });
  afterEach(async () => {
    await cleanup?.();
  });
  return () => {
    if (!store) throw new Error('the store is opened before each test');
    return store;
  };
}
