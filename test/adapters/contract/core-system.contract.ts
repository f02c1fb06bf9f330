import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors.js';
import { context, thrown } from '../support/adapter-context.js';
import type { CoreSystemHarness } from './core-system-harness.js';

function upstream(error: unknown, system: string): UpstreamError {
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).system).toBe(system);
  return error as UpstreamError;
}

/**
 * Permanent as the route runner reads it (src/runner/record-failure.ts): an
 * UpstreamError of the system that is not retryable, or an input error naming
 * the record's fields. Either way the step goes to the dead letters at once.
 */
function expectPermanent(error: unknown, system: string): void {
  expect(error).toBeInstanceOf(Error);
  if (error instanceof UpstreamError) {
    expect(error.system).toBe(system);
    expect(error.retryable).toBe(false);
  }
}

/**
 * What the route runner relies on from every core-system adapter
 * (src/runner/adapter.ts), whatever the wire: one effect per message id,
 * failures classified as retryable or not, answers that come back under the
 * correlation key, and nothing personal in what it says about a delivery.
 */
export function coreSystemContract(name: string, start: () => Promise<CoreSystemHarness>): void {
  describe(`core-system contract: ${name}`, () => {
    let harness: CoreSystemHarness;
    beforeEach(async () => {
      harness = await start();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('delivers a message: the system acts on it once, and an accepted message is answered under its correlation key', async () => {
      const outcome = await harness.adapter.deliver(harness.acceptedMessage, context());
      expect(['done', 'accepted']).toContain(outcome.kind);
      expect(await harness.effects(harness.acceptedMessage.messageId)).toBe(1);
      if (outcome.kind === 'accepted') {
        expect(outcome.correlationKey).not.toBe('');
        expect(await harness.answers(outcome)).toEqual([outcome.correlationKey]);
      }
    });

    it('delivering the same message again (a retry after a lost answer) gives the same outcome and no second effect', async () => {
      const first = await harness.adapter.deliver(harness.acceptedMessage, context());
      const again = await harness.adapter.deliver(harness.acceptedMessage, context());
      expect(again).toEqual(first);
      expect(await harness.effects(harness.acceptedMessage.messageId)).toBe(1);
    });

    it('a refused message fails for good, and nothing is filed', async () => {
      expectPermanent(await thrown(() => harness.adapter.deliver(harness.refusedMessage, context())), harness.adapter.system);
      expect(await harness.effects(harness.refusedMessage.messageId)).toBe(0);
    });

    it('a record that does not fit the interface is refused for good before the system sees it', async () => {
      expectPermanent(await thrown(() => harness.adapter.deliver(harness.malformedMessage, context())), harness.adapter.system);
      expect(await harness.effects(harness.malformedMessage.messageId)).toBe(0);
    });

    it('an unknown operation is a permanent UpstreamError of the system', async () => {
      const message = { ...harness.acceptedMessage, messageId: 'app-contract:unknown', operation: 'no-such-operation' };
      expect(upstream(await thrown(() => harness.adapter.deliver(message, context())), harness.adapter.system).retryable).toBe(false);
      expect(await harness.effects(message.messageId)).toBe(0);
    });

    it('health passes while the system is up; when it is down, health and delivery fail retryably', async () => {
      await harness.adapter.health(context());
      await harness.takeDown();
      expect(upstream(await thrown(() => harness.adapter.health(context())), harness.adapter.system).retryable).toBe(true);
      expect(upstream(await thrown(() => harness.adapter.deliver(harness.acceptedMessage, context())), harness.adapter.system).retryable).toBe(true);
    });

    it('what it says about a delivery or a failure carries no personal data of the record', async () => {
      const outcome = await harness.adapter.deliver(harness.acceptedMessage, context());
      const failures = await Promise.all([harness.refusedMessage, harness.malformedMessage].map((message) => thrown(() => harness.adapter.deliver(message, context()))));
      const said = JSON.stringify({ notes: outcome.notes ?? [], correlation: outcome.kind === 'accepted' ? outcome.correlationKey : null, failures: failures.map((error) => String(error)) });
      expect(harness.personalData.length).toBeGreaterThan(0);
      for (const word of harness.personalData) expect(said).not.toContain(word);
    });
  });
}
