import { expect } from 'vitest';
import type { Store } from '../../src/store/types.js';
import { at } from './store-fixtures.js';

/**
 * Forty appends, alternating between two stores on the same data (two
 * connections to one SQLite file, two clients on one Redis prefix): one
 * chain without gaps, each entry pointing at the one before.
 */
export async function expectOneChainFromTwoWriters(first: Store, second: Store): Promise<void> {
  const append = (store: Store, i: number) =>
    store.appendAudit({ at: at(i), actor: { kind: 'system', id: `process-${i % 2}`, role: 'runner' }, action: 'delivery.sent', target: { type: 'delivery', id: `tax:m-${i}` } });
  await Promise.all(Array.from({ length: 40 }, (_, i) => append(i % 2 === 0 ? first : second, i)));
  const entries = await first.listAudit(0, 100);
  expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  entries.slice(1).forEach((entry, i) => expect(entry.prevHash).toBe(entries[i]!.hash));
}
