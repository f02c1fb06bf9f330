import { UpstreamError } from '../errors.js';
import type { JobRecord } from '../store/types.js';
import type { OutboundMessage } from './adapter.js';
import { quickDeliver } from './quick-deliver.js';
import { messageIdOf, type JobScope, type StepContext } from './step-context.js';
import type { StepOutcome } from './step-outcome.js';
import type { StepInput } from './step-types.js';

/**
 * A `request` or `send` step: maps the record, asks the system's breaker, and
 * delivers with the stable message id. `request` needs the answer now; `send`
 * may also be accepted for a later reply.
 */
export async function runDeliverStep(context: StepContext, job: JobRecord, input: StepInput, scope: JobScope): Promise<StepOutcome> {
  const { application, procedure, step } = input;
  const system = step.system!;
  const adapter = context.adapters.get(system);
  if (!adapter) throw new UpstreamError(system, false, 'adapter-not-configured', `No adapter is configured for ${system}.`);
  const mapped = context.buildMessage(input);
  const breaker = context.breakers.for(system);
  const decision = breaker.request();
  if (!decision.allowed) return { kind: 'deferred', system, until: decision.retryAt };

  const message: OutboundMessage = {
    messageId: messageIdOf(application.id, step.name),
    applicationId: application.id,
    procedureId: procedure.id,
    step: step.name,
    operation: mapped.operation,
    record: mapped.record,
    ...(step.charset ? { charset: step.charset } : {}),
  };
  let outcome;
  try {
    await context.store.upsertDelivery({
      applicationId: application.id,
      system,
      messageId: message.messageId,
      state: 'pending',
      attempts: job.attempts + 1,
      lastError: job.lastError,
      updatedAt: context.clock().toISOString(),
    });
    outcome = await quickDeliver(adapter, message, { signal: scope.signal, log: scope.log.child({ system }), now: context.clock }, context.policy);
  } catch (error) {
    if (error instanceof UpstreamError && error.retryable) breaker.recordFailure();
    else if (error instanceof UpstreamError) breaker.recordSuccess();
    // Anything else says nothing about the system; a half-open probe must not stay taken.
    else breaker.releaseProbe();
    throw error;
  }
  breaker.recordSuccess();
  const delivery = { system, messageId: message.messageId };
  // e.g. characters replaced under the degrade policy: the resident and staff see what was sent
  const change = outcome.notes?.length ? { change: { status: 'in-progress' as const, source: system, detail: outcome.notes.join('; ') } } : {};
  if (outcome.kind === 'done') return { kind: 'next', result: outcome.result, delivery: { ...delivery, state: 'acknowledged' }, ...change };
  if (step.action === 'request') {
    throw new UpstreamError(system, false, 'reply-expected', `${system} accepted a request that needs an answer at once.`);
  }
  return { kind: 'next', result: { correlationKey: outcome.correlationKey }, delivery: { ...delivery, state: 'sent' }, ...change };
}
