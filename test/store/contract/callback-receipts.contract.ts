import { describe, expect, it } from 'vitest';
import { at } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

/** Callback receipts (replay refusal). */
export function describeCallbackReceiptContract(open: OpenStore): void {
  describe('callback receipts', () => {
    const store = freshStorePerTest(open);

    it('records a receipt once: the same id is a duplicate until it expires, then it is recorded anew', async () => {
      expect(await store().recordCallbackReceipt('welfare', 'r-1', at(0), at(600))).toBe('recorded');
      expect(await store().recordCallbackReceipt('welfare', 'r-1', at(10), at(610))).toBe('duplicate');
      expect(await store().recordCallbackReceipt('welfare', 'r-1', at(599), at(900))).toBe('duplicate');
      expect(await store().recordCallbackReceipt('welfare', 'r-1', at(600), at(1_200))).toBe('recorded');
      expect(await store().recordCallbackReceipt('welfare', 'r-1', at(601), at(1_201))).toBe('duplicate');
    });

    it('keeps systems and ids apart', async () => {
      expect(await store().recordCallbackReceipt('welfare', 'r-1', at(0), at(600))).toBe('recorded');
      expect(await store().recordCallbackReceipt('tax', 'r-1', at(0), at(600))).toBe('recorded');
      expect(await store().recordCallbackReceipt('welfare', 'r-2', at(0), at(600))).toBe('recorded');
      expect(await store().recordCallbackReceipt('welfare","r-1', '', at(0), at(600))).toBe('recorded');
    });

    it('records exactly one of concurrent receipts with the same id', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => store().recordCallbackReceipt('convenience-store', 'r-1', at(0), at(600))));
      expect(results.filter((result) => result === 'recorded')).toHaveLength(1);
    });

    it('forgets a receipt, so the same callback can be recorded again', async () => {
      await store().recordCallbackReceipt('welfare', 'r-1', at(0), at(600));
      await store().forgetCallbackReceipt('welfare', 'r-1');
      await store().forgetCallbackReceipt('welfare', 'never-recorded');
      expect(await store().recordCallbackReceipt('welfare', 'r-1', at(1), at(601))).toBe('recorded');
    });
  });
}
