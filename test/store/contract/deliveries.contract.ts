import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import { at, newApplication } from '../store-fixtures.js';
import { freshStorePerTest, type OpenStore } from './open-store.js';

/** Delivery states. */
export function describeDeliveryContract(open: OpenStore): void {
  describe('deliveries', () => {
    const store = freshStorePerTest(open);

    it('upserts deliveries by application, system and message id', async () => {
      await store().createApplication(newApplication('app-1'));
      const base = { applicationId: 'app-1', attempts: 0, lastError: null, updatedAt: at(1) };
      await store().upsertDelivery({ ...base, system: 'resident-registry', messageId: 'm-1', state: 'pending' });
      await store().upsertDelivery({ ...base, system: 'tax', messageId: 'm-1', state: 'pending' });
      await store().upsertDelivery({ ...base, system: 'resident-registry', messageId: 'm-2', state: 'pending' });
      await store().upsertDelivery({ ...base, system: 'resident-registry', messageId: 'm-1', state: 'failed', attempts: 2, lastError: 'HTTP 503', updatedAt: at(5) });

      expect(await store().listDeliveries('app-1')).toEqual([
        { applicationId: 'app-1', system: 'resident-registry', messageId: 'm-1', state: 'failed', attempts: 2, lastError: 'HTTP 503', updatedAt: at(5) },
        { ...base, system: 'tax', messageId: 'm-1', state: 'pending' },
        { ...base, system: 'resident-registry', messageId: 'm-2', state: 'pending' },
      ]);
    });

    it('refuses a delivery for an unknown application', async () => {
      await expect(
        store().upsertDelivery({ applicationId: 'nope', system: 'tax', messageId: 'm', state: 'sent', attempts: 1, lastError: null, updatedAt: at(1) }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
